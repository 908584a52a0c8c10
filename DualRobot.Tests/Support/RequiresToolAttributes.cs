namespace DualRobot.Tests.Support;

/// <summary>
/// A fact that needs external tools (constants of <see cref="Tools"/>). xunit 2 cannot skip at run time, so the check
/// happens at discovery: a missing tool sets <see cref="FactAttribute.Skip"/> with the reason, except under
/// <c>CI=true</c>, where the test runs and <see cref="Tools.Require"/> fails it with a clear message.
/// </summary>
/// <example><c>[RequiresToolFact(Tools.Kubectl)]</c>, <c>[RequiresToolFact(Tools.Prometheus, Tools.Promtool)]</c></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresToolFactAttribute(params string[] tools) : FactAttribute
{
    public override string? Skip { get; set; } = Tools.SkipReason(tools);
}

/// <summary>The same rule for data-driven tests.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresToolTheoryAttribute(params string[] tools) : TheoryAttribute
{
    public override string? Skip { get; set; } = Tools.SkipReason(tools);
}

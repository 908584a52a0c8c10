namespace DualRobot.Tests.Support;

/// <summary>
/// A <see cref="FactAttribute"/> for tests that need an external tool. xunit 2 cannot skip at run time, so the check
/// happens at discovery: a missing tool sets <see cref="FactAttribute.Skip"/> with the reason, except under
/// <c>CI=true</c>, where the test runs and <see cref="ExternalTool.Require"/> fails it with a clear message.
/// </summary>
/// <example><c>[RequiresToolFact("pigs")]</c>, <c>[RequiresToolFact("/usr/bin/python3", "-c \"import pigpio\"")]</c></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    /// <param name="tool">A name looked up on PATH, or an absolute path.</param>
    /// <param name="probeArguments">Optional arguments for a probe run that must exit 0 (e.g. a version or import check).</param>
    public RequiresToolFactAttribute(string tool, string? probeArguments = null)
    {
        Tool = tool;
        ProbeArguments = probeArguments;
        Skip = RequiredToolSkip.Reason(tool, probeArguments);
    }

    public string Tool { get; }

    public string? ProbeArguments { get; }
}

/// <summary>The same rule for data-driven tests.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresToolTheoryAttribute : TheoryAttribute
{
    public RequiresToolTheoryAttribute(string tool, string? probeArguments = null)
    {
        Tool = tool;
        ProbeArguments = probeArguments;
        Skip = RequiredToolSkip.Reason(tool, probeArguments);
    }

    public string Tool { get; }

    public string? ProbeArguments { get; }
}

internal static class RequiredToolSkip
{
    public static string? Reason(string tool, string? probeArguments)
    {
        var status = ExternalTool.Check(tool, probeArguments);
        if (status.IsAvailable || ExternalTool.IsCi)
        {
            return null;
        }

        return $"Skipped: required tool '{tool}' is not usable ({status.Reason}). Install it, or run with CI=true to make this a failure.";
    }
}

using System.Reflection;

namespace DualRobot.Tests.Support;

/// <summary>Every test class says what it costs, so <c>--filter Tier=Unit</c> really is the whole fast tier.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TierTraitTests
{
    private static readonly string[] Known = [Tier.Unit, Tier.Functional, Tier.EndToEnd, Tier.Delivery];

    [Fact]
    public void EveryTestClass_CarriesExactlyOneKnownTier()
    {
        var offenders = typeof(TierTraitTests).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .Select(type => (type, tiers: type.GetCustomAttributesData()
                .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == Tier.Name)
                .Select(a => (string?)a.ConstructorArguments[1].Value)
                .ToList()))
            .Where(t => t.tiers.Count != 1 || !Known.Contains(t.tiers[0]))
            .Select(t => $"{t.type.FullName}: [{string.Join(", ", t.tiers)}]")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "test classes without exactly one known tier trait:\n" + string.Join('\n', offenders));
    }
}

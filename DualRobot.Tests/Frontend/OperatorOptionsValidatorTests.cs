using DualRobot.Frontend.Operators;

namespace DualRobot.Tests.Frontend;

[Trait(Tier.Name, Tier.Unit)]
public sealed class OperatorOptionsValidatorTests
{
    private static readonly string Hash = OperatorCredentials.Hash("a long test password");

    public static TheoryData<string, string> BadNames => new()
    {
        { "ali\u0007ce", "Operators:Users:ali\\u0007ce: user names must not contain control characters." },
        { "bob\n", "Operators:Users:bob\\u000a: user names must not contain control characters." },
        { new string('a', 257), "user names must be at most 256 characters." },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void UserName_WithControlCharactersOrTooLong_IsRefusedNamingTheSetting(string name, string message)
    {
        var result = Validate(new OperatorOptions { Users = new(StringComparer.OrdinalIgnoreCase) { [name] = new OperatorUser { PasswordHash = Hash } } });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains(message, StringComparison.Ordinal) && failure.StartsWith("Operators:Users:", StringComparison.Ordinal));
    }

    [Fact]
    public void PlainUserName_WithAControlCharacter_IsRefused()
    {
        var result = Validate(new OperatorOptions { UserName = "op\u0000erator" });

        Assert.Contains(result.Failures!, failure => failure.StartsWith("Operators:UserName:", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownRole_IsRefusedNamingTheSetting()
    {
        var result = Validate(new OperatorOptions
        {
            Users = new(StringComparer.OrdinalIgnoreCase) { ["alice"] = new OperatorUser { PasswordHash = Hash, Role = "admin" } },
        });

        Assert.Equal("Operators:Users:alice:Role: must be one of viewer, operator, supervisor.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void ThePlainUser_MayHaveARoleWithoutAHash()
    {
        var options = new OperatorOptions
        {
            Password = "plain password",
            Users = new(StringComparer.OrdinalIgnoreCase) { ["operator"] = new OperatorUser { Role = OperatorRoles.Viewer } },
        };

        Assert.True(Validate(options).Succeeded);
        Assert.Equal(("operator", OperatorRoles.Viewer), new OperatorCredentials(Microsoft.Extensions.Options.Options.Create(options)).Account("OPERATOR"));
    }

    [Fact]
    public void ThePlainUser_KeepsEveryRightByDefault()
    {
        var credentials = new OperatorCredentials(Microsoft.Extensions.Options.Options.Create(new OperatorOptions { Password = "plain password" }));

        Assert.Equal(("operator", OperatorRoles.Supervisor), credentials.Account("Operator"));
    }

    [Fact]
    public void NamedUsersRoles_DefaultToOperator_AndNamesTakeTheirConfiguredSpelling()
    {
        var credentials = new OperatorCredentials(Microsoft.Extensions.Options.Options.Create(new OperatorOptions
        {
            Users = new(StringComparer.OrdinalIgnoreCase)
            {
                ["Alice"] = new OperatorUser { PasswordHash = Hash },
                ["vera"] = new OperatorUser { PasswordHash = Hash, Role = OperatorRoles.Viewer },
            },
        }));

        Assert.Equal(("Alice", OperatorRoles.Operator), credentials.Account("alice"));
        Assert.Equal(("vera", OperatorRoles.Viewer), credentials.Account("VERA"));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(OperatorOptions options) =>
        new OperatorOptionsValidator().Validate(null, options);
}

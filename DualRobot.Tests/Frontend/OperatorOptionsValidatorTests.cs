using DualRobot.Frontend.Operators;

namespace DualRobot.Tests.Frontend;

[Trait(Tier.Name, Tier.Unit)]
public sealed class OperatorOptionsValidatorTests
{
    private static readonly string Hash = OperatorCredentials.Hash("a long test password");

    public static TheoryData<string, string> BadNames => new()
    {
        { "ali\u0007ce", "Operators:Users:ali\\u0007ce: user names must not contain control, invisible formatting or line separator characters (U+0007 at position 4)." },
        { "bob\n", "Operators:Users:bob\\u000a: user names must not contain control, invisible formatting or line separator characters (U+000A at position 4)." },
        { "ev\u202eil", "Operators:Users:ev\\u202eil: user names must not contain control, invisible formatting or line separator characters (U+202E at position 3)." },
        { "line\u2028two", "Operators:Users:line\\u2028two: user names must not contain control, invisible formatting or line separator characters (U+2028 at position 5)." },
        { "zero\u200bwidth", "(U+200B at position 5)." },
        { new string('a', 257), "user names must be at most 256 characters." },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void UserName_WithControlFormattingOrSeparatorCharacters_OrTooLong_IsRefusedNamingTheSetting(string name, string message)
    {
        var result = Validate(new OperatorOptions { Users = new(StringComparer.OrdinalIgnoreCase) { [name] = new OperatorUser { PasswordHash = Hash } } });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains(message, StringComparison.Ordinal) && failure.StartsWith("Operators:Users:", StringComparison.Ordinal));
    }

    [Fact]
    public void UserName_WithAnUnpairedSurrogate_IsRefused_ButAPairedOneIsAName()
    {
        // Not theory data: xunit would write the lone surrogate out as U+FFFD.
        Assert.EndsWith("(U+D800 at position 5).", OperatorOptionsValidator.InvalidName("lone\ud800"), StringComparison.Ordinal);
        Assert.Null(OperatorOptionsValidator.InvalidName("robot \ud83e\udd16 fan"));
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

using System.Net;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 4, names: a CR/LF in a sign-in name was written raw into the console's log (a forged log line,
/// no sign-in needed), and names with a bidirectional override (U+202E) or a line separator (U+2028) were accepted
/// and shown reversed in the Activity panel. Such names are refused in configuration at start-up (the setting and
/// the character named), at sign-in, and by the api; logs show them escaped.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SignInNameTests
{
    public static TheoryData<string, string> UnsafeNames => new()
    {
        { "ev\u202eil", "U+202E" }, // right-to-left override: shows as "evli"
        { "line\u2028two", "U+2028" }, // line separator
        { "zero\u200bwidth", "U+200B" }, // invisible
        { "cr\rlf", "U+000D" },
    };

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Start_WithAConfiguredUserNameHoldingAnUnsafeCharacter_IsRefused_NamingTheSettingAndTheCharacter(string name, string codePoint)
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>
        {
            [$"Operators:Users:{name}:PasswordHash"] = DualRobot.Frontend.Operators.OperatorCredentials.Hash("a long enough password"),
        });

        var failure = Assert.ThrowsAny<Exception>(() => frontend.CreateClient()).ToString();

        Assert.Contains("Operators:Users:", failure, StringComparison.Ordinal);
        Assert.Contains(codePoint, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(name, failure, StringComparison.Ordinal); // shown escaped, even in the message
    }

    [Fact]
    public async Task SignInName_WithCrLf_IsLoggedEscaped_AndForgesNoLogLine()
    {
        const string forged = "eve\r\ninfo: DualRobot.Frontend.Pages.Account.SignInModel[5]\r\n      Operator sup signed in.";
        var (page, records) = await SignInLoggedAsync(forged);

        Assert.Contains("Wrong user name or password", page, StringComparison.Ordinal);
        var failed = Assert.Single(records, r => r.Message.StartsWith("Failed sign-in", StringComparison.Ordinal));
        Assert.Contains(@"eve\u000d\u000ainfo: ", failed.Message, StringComparison.Ordinal);
        Assert.All(records, r => Assert.DoesNotContain('\n', r.Message));
        Assert.DoesNotContain(records, r => r.Message.Contains("signed in", StringComparison.Ordinal) && r.Level == LogLevel.Information);
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task SignInName_WithAnUnsafeCharacter_IsRefused_AndLoggedEscaped(string name, string codePoint)
    {
        var (page, records) = await SignInLoggedAsync(name);

        Assert.Contains("Wrong user name or password", page, StringComparison.Ordinal);
        var failed = Assert.Single(records, r => r.Message.StartsWith("Failed sign-in", StringComparison.Ordinal));
        Assert.Contains(@"\u" + codePoint[2..].ToLowerInvariant(), failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public async Task Api_AuditQueryForAUnsafeUserName_Is400NamingTheField(string name, string codePoint)
    {
        await using var api = new ApiFactory();
        using var client = api.CreateAuthorizedClient();

        using var response = await client.GetAsync($"/audit?user={Uri.EscapeDataString(name)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"user\"", problem, StringComparison.Ordinal);
        Assert.Contains(codePoint, problem, StringComparison.Ordinal);
    }

    /// <summary>Signs in as <paramref name="name"/> with the operator's password; the page answered (200) and every log record.</summary>
    private static async Task<(string Page, IReadOnlyList<FakeLogRecord> Logs)> SignInLoggedAsync(string name)
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>());
        await using var logged = frontend.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddFakeLogging()));
        using var client = logged.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await OperatorSession.SignInTokenAsync(client);

        using var response = await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm(name, FrontendFactory.OperatorPassword, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), logged.Services.GetFakeLogCollector().GetSnapshot());
    }
}

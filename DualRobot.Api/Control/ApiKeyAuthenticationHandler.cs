using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DualRobot.Api.Apis;
using DualRobot.Api.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Control;

/// <summary>
/// <c>Authorization: Bearer &lt;Control:ApiKey&gt;</c>. Keys are compared as SHA-256 digests in constant time, so
/// neither the content nor the length of the real key leaks through timing.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ControlOptions> control,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _expectedDigest = control.Value.ApiKey is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || _expectedDigest is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid credentials."));
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..]));
        if (!CryptographicOperations.FixedTimeEquals(presented, _expectedDigest))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid credentials."));
        }

        // Only now, with the key proven, are the identity headers read at all.
        var principal = OperatorIdentity.ForKeyHolder(Request.Headers, Context.Items, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "Actuating requests need 'Authorization: Bearer <api key>'.",
                Type = ProblemTypes.Unauthorized,
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"User '{Context.User.UserName()}' may not do this: it needs a higher role than theirs.",
                Type = ProblemTypes.Forbidden,
            },
        });
    }
}

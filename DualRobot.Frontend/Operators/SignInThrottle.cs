using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Slows password guessing in two ways. Per client address: <see cref="OperatorOptions.SignInAttemptsPerMinute"/>
/// attempts, successful or not. Per account (the user name as typed, without regard to case, whether or not such a
/// user exists, so the limit tells nothing about which names do): <see cref="OperatorOptions.SignInFailuresPerAccountPerHour"/>
/// failures, however many addresses they come from. A browser the account signed in from before
/// (<see cref="KnownBrowsers"/>) has a budget of its own of the same size, so an attacker who uses up the account's
/// does not lock its owner out of their own browsers. Only the sign-in POST takes a permit: reading the page or
/// using the console is never throttled.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public static readonly TimeSpan AccountWindow = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly FailureWindows _accounts;
    private readonly KnownBrowsers _browsers;

    public SignInThrottle(IOptions<OperatorOptions> options, KnownBrowsers browsers, TimeProvider time)
    {
        var permits = options.Value.SignInAttemptsPerMinute;
        _addresses = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        _accounts = new FailureWindows(options.Value.SignInFailuresPerAccountPerHour, AccountWindow, time);
        _browsers = browsers;
    }

    /// <summary>Takes one of the client address's attempts; false when they are used up.</summary>
    public bool TryAcquire(HttpContext context)
    {
        using var lease = _addresses.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    /// <summary>
    /// Reserves a failure of <paramref name="userName"/>'s budget (this browser's, if it is known to that user);
    /// null, with how long to wait, when the budget is used up: then the password must not even be checked.
    /// </summary>
    public AccountAttempt? TryBeginAccountAttempt(HttpContext context, string userName, out TimeSpan retryAfter)
    {
        var key = _browsers.IdFor(context, userName) is { } browser ? $"{browser}/{userName}" : userName;
        return _accounts.TryReserve(key, out retryAfter) ? new AccountAttempt(key) : null;
    }

    /// <summary>The password was right: the attempt counts as no failure.</summary>
    public void Succeeded(AccountAttempt attempt) => _accounts.Release(attempt.Key);

    public void Dispose() => _addresses.Dispose();

    /// <summary>A sign-in whose failure is reserved in one budget (an account's, or a known browser's for it).</summary>
    public sealed record AccountAttempt(string Key);
}

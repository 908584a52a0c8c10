using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Slows password guessing in two ways. Per client address: <see cref="OperatorOptions.SignInAttemptsPerMinute"/>
/// attempts, successful or not. Per account (the user name as typed, without regard to case, whether or not such a
/// user exists, so the limit tells nothing about which names do): <see cref="OperatorOptions.SignInFailuresPerAccountPerHour"/>
/// failures, however many addresses they come from. A browser the account signed in from before
/// (<see cref="KnownBrowsers"/>) has a budget of its own of the same size, so an attacker who uses up the account's
/// does not lock its owner out of their own browsers. Only the sign-in POST takes a permit: reading the page or
/// using the console is never throttled. The counts live in <see cref="ISignInWindows"/>: shared by every console
/// replica when they share Redis.
/// </summary>
public sealed class SignInThrottle(IOptions<OperatorOptions> options, KnownBrowsers browsers, ISignInWindows windows)
{
    public static readonly TimeSpan AccountWindow = TimeSpan.FromHours(1);

    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);

    /// <summary>Takes one of the client address's attempts; false when they are used up.</summary>
    public async Task<bool> TryAcquireAsync(HttpContext context) =>
        await windows.TryCountAsync($"address/{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}",
            options.Value.SignInAttemptsPerMinute, AddressWindow) is null;

    /// <summary>
    /// Reserves a failure of <paramref name="userName"/>'s budget (this browser's, if it is known to that user);
    /// null, with how long to wait, when the budget is used up: then the password must not even be checked.
    /// </summary>
    public async Task<(AccountAttempt? Attempt, TimeSpan RetryAfter)> TryBeginAccountAttemptAsync(HttpContext context, string userName)
    {
        var key = browsers.IdFor(context, userName) is { } browser ? $"account/{browser}/{userName}" : $"account/{userName}";
        return await windows.TryCountAsync(key, options.Value.SignInFailuresPerAccountPerHour, AccountWindow) is { } wait
            ? (null, wait)
            : (new AccountAttempt(key), TimeSpan.Zero);
    }

    /// <summary>The password was right: the attempt counts as no failure.</summary>
    public Task SucceededAsync(AccountAttempt attempt) => windows.UncountAsync(attempt.Key);

    /// <summary>A sign-in whose failure is reserved in one budget (an account's, or a known browser's for it).</summary>
    public sealed record AccountAttempt(string Key);
}

using System.Security.Cryptography;
using DualRobot.Frontend.Operators.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Keeps each operator's session on the server; the cookie carries only its key. Signing out deletes the session,
/// so a cookie copied before sign-out is worthless afterwards. Where the sessions live is the
/// <see cref="IOperatorSessionBackend"/>'s: with <c>ConnectionStrings:redis</c> in Redis, shared by every replica;
/// else with <c>KeyRing:Path</c> set in its <c>sessions</c> subdirectory, one file per session, surviving restarts
/// like the keys beside them; else in memory, and a restart signs everyone out. The tickets are protected with Data
/// Protection wherever they are.
/// </summary>
public sealed class OperatorSessionStore(IDataProtectionProvider protection, IOperatorSessionBackend backend, TimeProvider time) : ITicketStore
{
    /// <summary>Where the cookie handler keeps a session's key inside the cookie's own ticket.</summary>
    public const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    private readonly IDataProtector _protector = protection.CreateProtector("DualRobot.Frontend.OperatorSessions");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        // Sessions nobody signed out of: gone once nothing touched them for longer than a cookie can live.
        backend.RemoveWrittenBefore(time.GetUtcNow() - OperatorSessionEvents.SlidingLifetime);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await backend.WriteAsync(key, Protect(ticket), isNew: true);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        IsWellFormed(key) ? backend.WriteAsync(key, Protect(ticket), isNew: false) : Task.CompletedTask;

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var stored = IsWellFormed(key) ? await backend.ReadAsync(key) : null;
        AuthenticationTicket? ticket = null;
        try
        {
            ticket = stored is null ? null : TicketSerializer.Default.Deserialize(_protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            // Protected with a key that is gone: the session is as good as signed out.
        }

        if (ticket?.Properties.ExpiresUtc is { } expires && expires <= time.GetUtcNow())
        {
            await RemoveAsync(key);
            return null;
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => IsWellFormed(key) ? backend.DeleteAsync(key) : Task.CompletedTask;

    /// <summary>Only keys this store made (64 lower-case hex digits) are looked up anywhere.</summary>
    public static bool IsWellFormed(string key) => key.Length == 64 && key.All(char.IsAsciiHexDigitLower);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));
}

using System.Collections.Concurrent;
using DualRobot.Frontend.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Keeps each operator's session on the server; the cookie carries only its key. Signing out deletes the session,
/// so a cookie copied before sign-out is worthless afterwards. With <c>KeyRing:Path</c> set the sessions live in
/// its <c>sessions</c> subdirectory, one file per session protected by Data Protection, and survive restarts like
/// the keys beside them; without it they live in memory and a restart signs everyone out.
/// </summary>
public sealed class OperatorSessionStore : ITicketStore
{
    public const string DirectoryName = "sessions";

    /// <summary>Where the cookie handler keeps a session's key inside the cookie's own ticket.</summary>
    public const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly DirectoryInfo? _directory;
    private readonly ConcurrentDictionary<string, (byte[] Ticket, DateTimeOffset Written)> _memory = new(StringComparer.Ordinal);

    public OperatorSessionStore(IDataProtectionProvider protection, IOptions<KeyRingOptions> keyRing, TimeProvider time)
    {
        _protector = protection.CreateProtector("DualRobot.Frontend.OperatorSessions");
        _time = time;
        if (keyRing.Value.Path is { Length: > 0 } path)
        {
            _directory = Directory.CreateDirectory(Path.Combine(path, DirectoryName));
        }
    }

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        RemoveExpired();
        var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var protectedTicket = _protector.Protect(TicketSerializer.Default.Serialize(ticket));
        if (_directory is null)
        {
            _memory[key] = (protectedTicket, _time.GetUtcNow());
            return;
        }

        if (FileOf(key) is { } file)
        {
            await File.WriteAllBytesAsync(file, protectedTicket);
        }
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        byte[]? stored;
        if (_directory is null)
        {
            stored = _memory.TryGetValue(key, out var entry) ? entry.Ticket : null;
        }
        else
        {
            var file = FileOf(key);
            stored = file is not null && File.Exists(file) ? await File.ReadAllBytesAsync(file) : null;
        }

        AuthenticationTicket? ticket = null;
        try
        {
            ticket = stored is null ? null : TicketSerializer.Default.Deserialize(_protector.Unprotect(stored));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Protected with a key that is gone: the session is as good as signed out.
        }

        if (ticket?.Properties.ExpiresUtc is { } expires && expires <= _time.GetUtcNow())
        {
            await RemoveAsync(key);
            return null;
        }

        return ticket;
    }

    public Task RemoveAsync(string key)
    {
        if (_directory is null)
        {
            _memory.TryRemove(key, out _);
        }
        else if (FileOf(key) is { } file)
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    /// <summary>Only keys this store made (hex) name a file: a cookie cannot point outside the directory.</summary>
    private string? FileOf(string key) =>
        _directory is not null && key.Length == 64 && key.All(char.IsAsciiHexDigitLower) ? Path.Combine(_directory.FullName, key) : null;

    /// <summary>Sessions nobody signed out of: gone once nothing touched them for longer than a cookie can live.</summary>
    private void RemoveExpired()
    {
        var cutoff = _time.GetUtcNow() - OperatorSessionEvents.SlidingLifetime;
        if (_directory is null)
        {
            foreach (var (key, entry) in _memory)
            {
                if (entry.Written < cutoff)
                {
                    _memory.TryRemove(key, out _);
                }
            }

            return;
        }

        foreach (var file in _directory.EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                file.Delete();
            }
        }
    }
}

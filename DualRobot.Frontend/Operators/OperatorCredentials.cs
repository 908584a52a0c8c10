using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// Checks a user name and password against configuration. Every path costs about the same: plain passwords are
/// compared as SHA-256 digests in constant time, and an unknown user still pays for one PBKDF2 verification, so
/// timing tells an attacker neither which names exist nor how much of a password was right.
/// </summary>
public sealed class OperatorCredentials
{
    private static readonly PasswordHasher<string> Hasher = new();

    private readonly string _plainUser;
    private readonly byte[]? _plainDigest;
    private readonly Dictionary<string, string> _hashes;
    private readonly Dictionary<string, OperatorUser> _users;
    private readonly string _dummyHash;

    public OperatorCredentials(IOptions<OperatorOptions> options)
    {
        var value = options.Value;
        _plainUser = value.UserName;
        _plainDigest = string.IsNullOrEmpty(value.Password) ? null : Digest(value.Password);
        _hashes = value.Users
            .Where(user => PasswordHashFormat.IsReadable(user.Value.PasswordHash))
            .ToDictionary(user => user.Key, user => user.Value.PasswordHash!, StringComparer.OrdinalIgnoreCase);
        _users = new Dictionary<string, OperatorUser>(value.Users, StringComparer.OrdinalIgnoreCase);
        _dummyHash = Hasher.HashPassword(string.Empty, RandomNumberGenerator.GetHexString(32));
    }

    /// <summary>Names that can sign in.</summary>
    public IReadOnlyCollection<string> UserNames =>
        _hashes.Keys.Concat(_plainDigest is null ? [] : [_plainUser]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public bool Verify(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return false;
        }

        var plainMatch = _plainDigest is not null
            && string.Equals(userName, _plainUser, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Digest(password), _plainDigest);

        bool hashMatch;
        if (_hashes.TryGetValue(userName, out var hash))
        {
            hashMatch = Hasher.VerifyHashedPassword(userName, hash, password) != PasswordVerificationResult.Failed;
        }
        else
        {
            // Same cost as a real check, result ignored.
            _ = Hasher.VerifyHashedPassword(userName, _dummyHash, password);
            hashMatch = false;
        }

        return plainMatch | hashMatch;
    }

    /// <summary>
    /// The configured spelling of a user name that signed in (names match without regard to case) and its role, so
    /// the audit trail and the claims name one user one way. Named accounts are operators unless configured
    /// otherwise; the single-password user keeps every right it had before roles existed (supervisor) unless
    /// <c>Operators:Users:&lt;its name&gt;:Role</c> says otherwise.
    /// </summary>
    public (string Name, string Role) Account(string userName)
    {
        var plain = string.Equals(userName, _plainUser, StringComparison.OrdinalIgnoreCase);
        var defaultRole = plain ? OperatorRoles.Supervisor : OperatorRoles.Operator;
        if (_users.Keys.FirstOrDefault(name => string.Equals(name, userName, StringComparison.OrdinalIgnoreCase)) is { } configured)
        {
            return (configured, _users[configured].Role ?? defaultRole);
        }

        return (plain ? _plainUser : userName, defaultRole);
    }

    /// <summary>The hash <c>hash-password</c> prints; the user name takes no part in Identity's v3 format.</summary>
    public static string Hash(string password) => Hasher.HashPassword(string.Empty, password);

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}

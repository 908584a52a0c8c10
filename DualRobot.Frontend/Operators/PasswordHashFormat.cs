namespace DualRobot.Frontend.Operators;

/// <summary>Recognises ASP.NET Core Identity's v3 hashes: base64 of 0x01, PRF, iteration count, salt and subkey.</summary>
public static class PasswordHashFormat
{
    private const byte Version3 = 0x01;
    private const int HeaderLength = 13;

    public static bool IsReadable(string? hash)
    {
        if (string.IsNullOrWhiteSpace(hash))
        {
            return false;
        }

        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > HeaderLength && bytes[0] == Version3;
    }
}

namespace DualRobot.Frontend.Operators.Sessions;

/// <summary>
/// Sessions as files in the key ring's <see cref="DirectoryName"/> directory, one per session: they survive a restart
/// of the one console like the keys beside them.
/// </summary>
public sealed class FileSessionBackend(string keyRingPath) : IOperatorSessionBackend
{
    public const string DirectoryName = "sessions";

    private readonly DirectoryInfo _directory = Directory.CreateDirectory(Path.Combine(keyRingPath, DirectoryName));

    public async ValueTask<byte[]?> ReadAsync(string key) =>
        FileOf(key) is { } file && File.Exists(file) ? await File.ReadAllBytesAsync(file) : null;

    public async Task WriteAsync(string key, byte[] ticket, bool isNew)
    {
        if (FileOf(key) is { } file)
        {
            await File.WriteAllBytesAsync(file, ticket);
        }
    }

    public Task DeleteAsync(string key)
    {
        if (FileOf(key) is { } file)
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    public void RemoveWrittenBefore(DateTimeOffset cutoff)
    {
        foreach (var file in _directory.EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                file.Delete();
            }
        }
    }

    /// <summary>Only keys the store made (hex) name a file: a cookie cannot point outside the directory.</summary>
    private string? FileOf(string key) =>
        OperatorSessionStore.IsWellFormed(key) ? Path.Combine(_directory.FullName, key) : null;
}

using System.Text.Json;

namespace DualRobot.Tests.Recording;

/// <summary>
/// Runs the reference MCAP reader (npm <c>@mcap/core</c>, through <c>.ci/mcap/read-mcap.mjs</c>) on a file: it checks the
/// magics, the summary, every CRC and the statistics, and prints the messages as JSON.
/// </summary>
internal static class ReferenceMcapReader
{
    public static string Script => RepositoryPaths.Combine(".ci", "mcap", "read-mcap.mjs");

    public static Task<ProcessResult> RunAsync(string file) =>
        ProcessRunner.RunAsync(Tools.Require(Tools.McapReader), [Script, file], timeout: TimeSpan.FromMinutes(2));

    /// <summary>The file as the reader read it; fails the test with the reader's reason when it refused the file.</summary>
    public static async Task<McapFile> ReadAsync(string file)
    {
        var result = await RunAsync(file);
        Assert.True(result.ExitCode == 0, $"The reference reader refused {file}: {result}");
        return Assert.Single(JsonSerializer.Deserialize<List<McapFile>>(result.StandardOutput, JsonSerializerOptions.Web)!);
    }

    /// <summary>Node with the schema package in .ci/mcap, for a one-off script.</summary>
    public static Task<ProcessResult> NodeAsync(string module) =>
        ProcessRunner.RunAsync(Tools.Require(Tools.McapReader), ["--input-type=module", "-e", module],
            workingDirectory: RepositoryPaths.Combine(".ci", "mcap"));
}

public sealed record McapFile(string File, string Profile, string Library, McapStatistics Statistics, List<McapChannel> Channels, List<McapMessage> Messages);

public sealed record McapStatistics(int MessageCount, int SchemaCount, int ChannelCount, int ChunkCount, string MessageStartTime, string MessageEndTime);

public sealed record McapChannel(int Id, string Topic, string MessageEncoding, string? SchemaName, string? SchemaEncoding, JsonElement Schema);

public sealed record McapMessage(string Topic, string? Schema, long Sequence, string LogTime, string PublishTime, JsonElement Data);

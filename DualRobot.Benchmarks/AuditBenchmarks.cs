using System.Diagnostics;
using System.Globalization;
using System.Text;
using DualRobot.Api.Audit;
using DualRobot.Api.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace DualRobot.Benchmarks;

/// <summary>
/// What the audit trail costs: on the command path (the control claim check plus handing one record to the trail,
/// the writer draining into a real SQLite file meanwhile), and how many records per second reach the file.
/// </summary>
public static class AuditBenchmarks
{
    public const double CommandPathTargetMicroseconds = 200;

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var commands = settings.Mode switch { "smoke" => 200, "quick" => 20_000, _ => 200_000 };
        var records = settings.Mode switch { "smoke" => 500, "quick" => 50_000, _ => 200_000 };
        var directory = Path.Combine(Path.GetTempPath(), $"dualrobot-bench-audit-{Guid.NewGuid():N}");
        try
        {
            var path = await CommandPathAsync(directory, commands);
            var (store, writer) = await ThroughputAsync(directory, records);
            return Render(path, store, writer, records);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Per command: the claim check and one record with its parameters, as the api does for a drive.</summary>
    private static async Task<LatencyStats> CommandPathAsync(string directory, int count)
    {
        var (trail, writer) = Trail(Path.Combine(directory, "path.db"), capacity: count + 1);
        await writer.StartAsync(CancellationToken.None);
        var claims = new ControlClaims(Options.Create(new ControlOptions()), TimeProvider.System);
        var samples = new double[count];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var holder = claims.TryClaim("Linus", "alice");
            trail.Record("alice", "Linus", "drive", new Dictionary<string, string>
            {
                ["direction"] = "forward",
                ["speed"] = "0.5",
                ["leaseMs"] = "500",
            }, holder is null ? "accepted" : "in_use");
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await writer.StopAsync(CancellationToken.None);
        return new LatencyStats(samples, elapsed);
    }

    /// <summary>Records per second into the file: the store alone in full batches, then through the queue and writer.</summary>
    private static async Task<(double Store, double Writer)> ThroughputAsync(string directory, int count)
    {
        var store = new AuditStore(Path.Combine(directory, "store.db"));
        var batch = Enumerable.Range(0, AuditWriter.MaxBatch).Select(i => new AuditRecord(
            0, DateTimeOffset.UtcNow, $"user{i % 8}", "Linus", "drive",
            new Dictionary<string, string> { ["direction"] = "forward", ["speed"] = "0.5" }, "accepted", null)).ToList();
        store.Append(batch); // creates the file and the schema outside the measure
        var batches = Math.Max(1, count / AuditWriter.MaxBatch);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches; i++)
        {
            store.Append(batch);
        }

        var storeRate = batches * AuditWriter.MaxBatch / Stopwatch.GetElapsedTime(started).TotalSeconds;

        var (trail, writer) = Trail(Path.Combine(directory, "writer.db"), capacity: count + 1);
        trail.Store.Append(batch[..1]);
        await writer.StartAsync(CancellationToken.None);
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            trail.Record("alice", "Linus", "drive", batch[0].Parameters, "accepted");
        }

        // Stopping drains the queue: the clock stops once every record is in the file.
        await writer.StopAsync(CancellationToken.None);
        var writerRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (storeRate, writerRate);
    }

    private static (AuditTrail Trail, AuditWriter Writer) Trail(string path, int capacity)
    {
        var metrics = new AuditMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        var trail = new AuditTrail(new AuditStore(path), capacity, TimeProvider.System, metrics, NullLogger<AuditTrail>.Instance);
        var writer = new AuditWriter(trail, Options.Create(new AuditOptions()), TimeProvider.System, NullLogger<AuditWriter>.Instance);
        return (trail, writer);
    }

    private static string Render(LatencyStats path, double store, double writer, int records)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Audit trail");
        sb.AppendLine();
        sb.AppendLine("What the audit adds to each command is the control-claim check plus handing one record (with its parameters) to the");
        sb.AppendLine("trail's queue; the SQLite write happens in batches on the writer's own thread, which ran meanwhile.");
        sb.AppendLine();
        sb.AppendLine("| Audit measure | Count | p50 µs | p90 µs | p99 µs | max µs |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| Claim check + record, per command | {path.Count:N0} | {path.P50:0.00} | {path.P90:0.00} | {path.P99:0.00} | {path.Max:0.0} |");
        sb.AppendLine();
        sb.AppendLine("| Audit throughput | Records | Records/s |");
        sb.AppendLine("|---|--:|--:|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| SQLite store, batches of {AuditWriter.MaxBatch} | {records:N0} | {store:N0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Queue → writer → SQLite, until every record is in the file | {records:N0} | {writer:N0} |");
        sb.AppendLine();
        var met = path.P50 <= CommandPathTargetMicroseconds;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Target: the audit adds ≤ 0.2 ms to a command at p50 — measured {path.P50 / 1000:0.0000} ms: {(met ? "met" : "NOT met")}.");
        return sb.ToString();
    }
}

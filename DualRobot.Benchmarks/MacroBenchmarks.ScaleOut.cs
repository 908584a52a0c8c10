using System.Globalization;
using System.Text;

namespace DualRobot.Benchmarks;

/// <summary>
/// Issue 32, point 5 (<c>--scale-out-only</c>): the console's <c>/events</c> fan-out to the same crowd from one
/// console and from two console processes (replicas behind a load balancer, the viewers spread round robin), both
/// following one 2-robot api, in the same run and interleaved. On one machine both replicas share its cores, so this
/// measures what a second replica costs and whether every state still reaches every viewer, not what a second node
/// would add.
/// </summary>
public sealed partial class MacroBenchmarks
{
    private int ScaleOutViewers => settings.Mode switch { "smoke" => 20, "quick" => 1000, _ => 3000 };

    private async Task<string> RunScaleOutOnlyAsync(string apiDll, string frontendDll)
    {
        var viewers = ScaleOutViewers;
        Log($"scale-out fan-out: {viewers} viewers on one console vs over two, one 2-robot api");
        await using var api = await ServiceProcess.StartAsync(apiDll, [], ApiEnvironment(), "/health", StartTimeout);
        using var apiHttp = CreateClient(api.BaseAddress);
        await using var first = await FrontendStack.StartFrontendAsync(frontendDll, api.BaseAddress);
        await using var second = await FrontendStack.StartFrontendAsync(frontendDll, api.BaseAddress);
        var setups = new (string Name, ServiceProcess[] Consoles)[] { ("one console", [first]), ("two consoles", [first, second]) };

        var results = setups.ToDictionary(s => s.Name, _ => new List<FanOutResult>());
        var rounds = settings.Smoke ? 1 : 2;
        for (var round = 0; round < rounds; round++)
        {
            // Alternating which goes first, so neither always follows the other's load.
            foreach (var (name, consoles) in round % 2 == 0 ? setups : setups.Reverse())
            {
                Log($"fan-out round {round + 1}: {viewers} viewers, {name}, {Robot} moving for {FanOutWindow.TotalSeconds:0.#} s");
                results[name].Add(await RunFanOutAsync(consoles, api, apiHttp, [Robot], viewers));
            }
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Fan-out over console replicas ({viewers:N0} viewers)");
        report.AppendLine();
        report.AppendLine("| setup | round | time to the last viewer p50 / p99 / max | to each viewer p99 | delivered | consoles' CPU (sum, % of one core) | largest console RSS | api CPU |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, list) in results)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var r = list[i];
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {i + 1} | {Ms(r.ToLastViewer.P50)} / {Ms(r.ToLastViewer.P99)} / {Ms(r.ToLastViewer.Max)} | {Ms(r.ToEachViewer.P99)} | {Delivered(r)} | {r.FrontendCpu * 100:0} % | {Mb(r.FrontendRssPeak)} | {r.ApiCpu * 100:0} % |");
            }
        }

        return report.ToString();
    }
}

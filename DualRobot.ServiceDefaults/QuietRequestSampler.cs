using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Parent-based, always on, except under a quiet request (see <c>Extensions.IsQuietRequest</c>): the ASP.NET Core
/// filter leaves out only the request's own span, so the spans its handler starts (and its calls to other services)
/// would still make a trace with a missing root. This drops them too.
/// </summary>
internal sealed class QuietRequestSampler : Sampler
{
    private const string QuietProperty = "dualrobot.quiet";

    private static readonly Sampler Default = new ParentBasedSampler(new AlwaysOnSampler());

    /// <summary>Marks the request's activity so that nothing under it is sampled.</summary>
    public static void MarkQuiet(Activity activity)
    {
        activity.SetCustomProperty(QuietProperty, true);
        activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (activity.GetCustomProperty(QuietProperty) is true)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }
        }

        return Default.ShouldSample(samplingParameters);
    }
}

using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Parent-based, always on, except under a quiet request (see <c>Extensions.IsQuietRequest</c>): the ASP.NET Core
/// filter leaves out only the request's own span, so the spans its handler starts (and its calls to other services)
/// would still make a trace with a missing root. This drops them too.
/// </summary>
public sealed class QuietRequestSampler : Sampler
{
    private const string QuietProperty = "dualrobot.quiet";

    private static readonly Sampler Default = new ParentBasedSampler(new AlwaysOnSampler());

    /// <summary>Marks the request's activity so that nothing under it is sampled.</summary>
    public static void MarkQuiet(Activity activity)
    {
        activity.SetCustomProperty(QuietProperty, true);
        activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
    }

    /// <summary>
    /// An activity of no source, current until disposed, under which nothing is traced: for work that is not a request
    /// of its own but must be as quiet as a quiet request (a renewal carried on a socket). Its calls to other services
    /// carry it unsampled, so they trace nothing either.
    /// </summary>
    public static Activity BeginQuiet(ActivityContext parent = default)
    {
        var activity = new Activity("quiet");
        if (parent != default)
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags & ~ActivityTraceFlags.Recorded);
        }

        MarkQuiet(activity);
        return activity.Start();
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

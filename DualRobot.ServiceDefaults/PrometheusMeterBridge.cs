using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Publishes the instruments of one <see cref="Meter"/> at /metrics through prometheus-net, so a service defines
/// each metric once (as a .NET instrument, which OpenTelemetry also exports over OTLP) and /metrics keeps the
/// Prometheus names, types, help and labels its dashboards and alerts use.
/// </summary>
/// <remarks>
/// prometheus-net's own MeterAdapter is not used: it prefixes the meter name, exports counters as gauges, appends
/// the unit and the instrument type to the help text and ignores synchronous gauges.
/// <list type="bullet">
/// <item>Name: the instrument's with dots as underscores, the unit as a suffix (<c>s</c> → <c>_seconds</c>,
/// <c>deg</c> → <c>_degrees</c>; annotations such as <c>{command}</c> add nothing) and <c>_total</c> on counters,
/// as the OpenTelemetry-to-Prometheus compatibility rules do.</item>
/// <item>Type: <see cref="Counter{T}"/> → counter, <see cref="Gauge{T}"/> → gauge, <see cref="Histogram{T}"/> →
/// histogram with the buckets of the instrument's advice. Help: the description.</item>
/// <item>Labels: the tags, in the order of the first measurement (record every measurement of an instrument with
/// the same tag names).</item>
/// </list>
/// </remarks>
public sealed class PrometheusMeterBridge : IDisposable
{
    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "_seconds",
        ["deg"] = "_degrees",
        ["By"] = "_bytes",
    };

    private readonly IMetricFactory _factory;
    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Family> _families = new();

    public PrometheusMeterBridge(Meter meter, IMetricFactory factory)
    {
        _meter = meter;
        _factory = factory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The family name at /metrics of <paramref name="instrument"/>.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit is { } unit && UnitSuffixes.TryGetValue(unit, out var suffix) && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        return IsCounter(instrument) ? name + "_total" : name;
    }

    /// <summary>
    /// Creates the series of <paramref name="tags"/> at zero without a measurement, for instruments where recording
    /// a zero would count (a histogram's observation): then rate() and alerts see the first real one.
    /// </summary>
    public void Prime(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Child(instrument, tags);

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (Child(instrument, tags))
        {
            case Counter.Child counter:
                counter.Inc(value);
                break;
            case Gauge.Child gauge:
                gauge.Set(value);
                break;
            case Histogram.Child histogram:
                histogram.Observe(value);
                break;
        }
    }

    private ChildBase Child(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_families.TryGetValue(instrument, out var family))
        {
            family = _families.GetOrAdd(instrument, Create(instrument, tags));
        }

        // Every command records several measurements: found by their tag values as given, a series costs one look-up
        // instead of formatting its values into a new array and hashing names and values in prometheus-net (issue 29).
        if (TagValues.Of(family.LabelNames, tags) is { } key)
        {
            return family.Children.TryGetValue(key, out var known)
                ? known
                : family.Children.GetOrAdd(key, NewChild(family, tags));
        }

        return NewChild(family, tags);
    }

    private static ChildBase NewChild(Family family, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new string[family.LabelNames.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Value(family.LabelNames[i], tags);
        }

        return family.Collector switch
        {
            Counter counter => counter.WithLabels(values),
            Gauge gauge => gauge.WithLabels(values),
            Histogram histogram => histogram.WithLabels(values),
            _ => throw new InvalidOperationException($"{family.Collector.Name} has no children."),
        };
    }

    private Family Create(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var name = PrometheusName(instrument);
        var help = instrument.Description ?? name;
        var labels = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = tags[i].Key;
        }

        Collector collector = instrument switch
        {
            _ when IsCounter(instrument) => _factory.CreateCounter(name, help, labels),
            Histogram<double> histogram => _factory.CreateHistogram(name, help, new HistogramConfiguration
            {
                LabelNames = labels,
                Buckets = histogram.Advice?.HistogramBucketBoundaries?.ToArray() ?? Histogram.ExponentialBuckets(0.001, 2, 16),
            }),
            _ when instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Gauge<>) =>
                _factory.CreateGauge(name, help, labels),
            _ => throw new NotSupportedException($"{instrument.Name}: {instrument.GetType().Name} has no Prometheus mapping here."),
        };
        return new Family(labels, collector);
    }

    private static bool IsCounter(Instrument instrument) =>
        instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>);

    private static string Value(string label, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == label)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
        }

        throw new InvalidOperationException($"A measurement lacks the label '{label}' its first one had.");
    }

    private sealed record Family(string[] LabelNames, Collector Collector)
    {
        /// <summary>The series by their tag values; as many as prometheus-net keeps for the family.</summary>
        public ConcurrentDictionary<TagValues, ChildBase> Children { get; } = new();
    }

    /// <summary>Up to three tag values, compared by value, in the order of the family's labels.</summary>
    private readonly record struct TagValues(object? First, object? Second, object? Third)
    {
        /// <summary>The key of tags given in the family's label order; null for any other shape (the slow path).</summary>
        public static TagValues? Of(string[] labels, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (labels.Length > 3 || tags.Length != labels.Length)
            {
                return null;
            }

            for (var i = 0; i < labels.Length; i++)
            {
                if (!string.Equals(tags[i].Key, labels[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }

            return new TagValues(
                tags.Length > 0 ? tags[0].Value : null,
                tags.Length > 1 ? tags[1].Value : null,
                tags.Length > 2 ? tags[2].Value : null);
        }
    }
}

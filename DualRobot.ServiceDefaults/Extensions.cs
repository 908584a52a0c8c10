using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Prometheus;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults every Dual Robot service shares: OpenTelemetry, Prometheus exposition,
/// health endpoints, service discovery and resilience.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";
    public const string LiveTag = "live";

    /// <summary>
    /// <c>GET /trivial</c>: a constant, mapped only when <see cref="TrivialEndpointSetting"/> is true. It is the
    /// benchmarks' platform floor: the same Kestrel and the same middleware up to routing as the service's own
    /// endpoints, and nothing of the service's own behind it.
    /// </summary>
    public const string TrivialEndpointPath = "/trivial";

    /// <summary>The configuration flag (<c>Benchmarks__TrivialEndpoint=true</c>) that maps <see cref="TrivialEndpointPath"/>.</summary>
    public const string TrivialEndpointSetting = "Benchmarks:TrivialEndpoint";

    /// <summary>
    /// A path whose requests are deliberately slowed (<c>Benchmarks__SlowPath=/robots/Linus/drive</c>): each first keeps
    /// a core busy for <see cref="SlowPathMicrosecondsSetting"/>. Off unless set; it is how the benchmarks' regression
    /// guard is shown to fail on a slower drive, with nothing changed in the code it guards.
    /// </summary>
    public const string SlowPathSetting = "Benchmarks:SlowPath";

    /// <summary>How long (µs of busy CPU) each request to <see cref="SlowPathSetting"/> is slowed by.</summary>
    public const string SlowPathMicrosecondsSetting = "Benchmarks:SlowPathMicroseconds";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.ConfigurePrometheus();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var telemetry = TelemetryExportOptions.From(builder.Configuration);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (telemetry.OtlpEnabled)
            {
                logging.AddOtlpExporter();
            }
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                foreach (var meter in builder.Configuration.GetSection("OpenTelemetry:Meters").Get<string[]>() ?? [])
                {
                    metrics.AddMeter(meter);
                }

                if (telemetry.OtlpEnabled)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new QuietRequestSampler())
                    .AddSource(builder.Environment.ApplicationName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = TraceUnlessQuiet)
                    .AddHttpClientInstrumentation();
                foreach (var source in builder.Configuration.GetSection("OpenTelemetry:Sources").Get<string[]>() ?? [])
                {
                    tracing.AddSource(source);
                }

                // UseOtlpExporter() cannot be combined with a second exporter, so each signal gets its own
                // AddOtlpExporter: the standard OTEL_EXPORTER_OTLP_* one, and a named one for Jaeger.
                if (telemetry.OtlpEnabled)
                {
                    tracing.AddOtlpExporter();
                }

                if (telemetry.JaegerEndpoint is { } jaeger)
                {
                    tracing.AddOtlpExporter("jaeger", options =>
                    {
                        options.Protocol = telemetry.JaegerProtocol;
                        options.Endpoint = telemetry.JaegerProtocol == OtlpExportProtocol.HttpProtobuf
                            ? new Uri(jaeger, "v1/traces")
                            : jaeger;
                    });
                }
            });

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    public static TBuilder ConfigurePrometheus<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        PrometheusDefaults.Configure();
        return builder;
    }

    /// <summary>
    /// Maps /health (readiness: every check), /alive (liveness: the "live" checks) and /metrics in every
    /// environment: Kubernetes probes and Prometheus need them in Production too.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Read-only endpoints answer GET and HEAD only; any other method is routing's 405 (a problem, like every error).
        var readOnly = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .WithMetadata(readOnly);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).WithMetadata(readOnly);
        app.MapMetrics(MetricsEndpointPath).WithMetadata(readOnly);
        if (app.Configuration.GetValue<bool>(TrivialEndpointSetting))
        {
            app.MapGet(TrivialEndpointPath, static () => "ok");
        }

        if (app.Configuration[SlowPathSetting] is { Length: > 0 } slowPath
            && app.Configuration.GetValue<int>(SlowPathMicrosecondsSetting) is > 0 and var slowMicroseconds)
        {
            var slowBy = TimeSpan.FromMicroseconds(slowMicroseconds);
            app.Use((context, next) =>
            {
                if (context.Request.Path.Equals(slowPath, StringComparison.OrdinalIgnoreCase))
                {
                    // Busy, not asleep: a slower drive costs CPU, which is what the guard's ratio sees.
                    var started = Stopwatch.GetTimestamp();
                    while (Stopwatch.GetElapsedTime(started) < slowBy)
                    {
                        Thread.SpinWait(10);
                    }
                }

                return next(context);
            });
        }

        return app;
    }

    /// <summary>Records HTTP request counts and durations by route and status code for Prometheus.</summary>
    public static WebApplication UseDefaultHttpMetrics(this WebApplication app)
    {
        app.UseHttpMetrics();
        return app;
    }

    private static bool TraceUnlessQuiet(HttpContext context)
    {
        if (!IsQuietRequest(context))
        {
            return true;
        }

        // The filter alone only leaves the request's own span out; marked, nothing under it is sampled either.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity is { } activity)
        {
            QuietRequestSampler.MarkQuiet(activity);
        }

        return false;
    }

    /// <summary>
    /// Requests that make no trace of their own, since they would drown the actuation traces: probes and scrapes,
    /// static files, heartbeats (several a second while a button is held), and WebSocket handshakes, whose request
    /// lasts as long as the socket (a page's lifetime): what a socket carries is traced per message, by its handler.
    /// Nothing under such a request is traced either, including its calls to other services, which receive it unsampled.
    /// </summary>
    internal static bool IsQuietRequest(HttpContext context) =>
        IsInfrastructurePath(context.Request.Path) || IsHeartbeat(context.Request) || IsStaticFile(context)
        || context.WebSockets.IsWebSocketRequest;

    /// <summary><c>POST …/heartbeat</c>: the lease renewal of both the api and the console.</summary>
    internal static bool IsHeartbeat(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Value is { } path
        && path.EndsWith("/heartbeat", StringComparison.OrdinalIgnoreCase);

    /// <summary>A GET or HEAD for a file under wwwroot (the api has none).</summary>
    internal static bool IsStaticFile(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.Request.Path.HasValue
        && context.Request.Path != "/"
        && context.RequestServices.GetService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>() is { } environment
        && environment.WebRootFileProvider.GetFileInfo(context.Request.Path.Value!).Exists;

    /// <summary>/health, /alive or /metrics: what probes and scrapes ask for, never a person.</summary>
    public static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(MetricsEndpointPath);
}

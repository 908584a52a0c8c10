using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Where telemetry goes. The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (set by Aspire for its dashboard)
/// turns on the OTLP exporters; <c>Jaeger:Endpoint</c> adds a second trace exporter so Jaeger receives the
/// same traces (Jaeger v2 speaks OTLP natively on 4317 gRPC and 4318 HTTP).
/// </summary>
internal sealed record TelemetryExportOptions(bool OtlpEnabled, Uri? JaegerEndpoint, OtlpExportProtocol JaegerProtocol)
{
    public static TelemetryExportOptions From(IConfiguration configuration)
    {
        var otlpEnabled = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        Uri? jaeger = null;
        if (configuration["Jaeger:Endpoint"] is { Length: > 0 } raw)
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out jaeger))
            {
                throw new InvalidOperationException($"Jaeger:Endpoint '{raw}' is not an absolute URI.");
            }

            // A base address must end in '/' or new Uri(base, "v1/traces") drops its last segment.
            if (!jaeger.AbsolutePath.EndsWith('/'))
            {
                jaeger = new Uri(jaeger + "/");
            }
        }

        var protocol = configuration["Jaeger:Protocol"] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"Jaeger:Protocol '{other}' is not 'grpc' or 'http/protobuf'."),
        };

        return new TelemetryExportOptions(otlpEnabled, jaeger, protocol);
    }
}

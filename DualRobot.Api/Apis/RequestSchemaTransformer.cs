using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DualRobot.Api.Apis.Requests;
using DualRobot.Api.Control;
using DualRobot.Api.Robots;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace DualRobot.Api.Apis;

/// <summary>
/// What the OpenAPI generator cannot see by itself: the wire names of enums read by <see cref="ExactEnumConverter{TEnum}"/>
/// (a custom converter is opaque to it) and the configured range of <see cref="LeaseAttribute"/> fields.
/// <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/> and
/// <see cref="System.ComponentModel.DataAnnotations.RequiredAttribute"/> it reads itself.
/// </summary>
internal sealed class RequestSchemaTransformer(IOptions<ControlOptions> control) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && type.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType is { IsGenericType: true } converter
            && converter.GetGenericTypeDefinition() == typeof(ExactEnumConverter<>))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = null;
            schema.Enum = [.. WireNames.Of(type).Select(name => (JsonNode)JsonValue.Create(name))];
        }

        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(LeaseAttribute), inherit: false) == true)
        {
            schema.Minimum = control.Value.MinLeaseMs.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = control.Value.MaxLeaseMs.ToString(CultureInfo.InvariantCulture);
            schema.Description = $"Lease in milliseconds; absent, {control.Value.DefaultLeaseMs}.";
        }

        return Task.CompletedTask;
    }
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using DualRobot.Api.Control;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace DualRobot.Api.Apis;

/// <summary>
/// What the OpenAPI generator cannot see by itself: the wire names of enums read by <see cref="ExactEnumConverter{TEnum}"/>
/// and numbers read by the contract's own converters (a custom converter is opaque to it), and the configured range
/// of <see cref="LeaseAttribute"/> fields. <see cref="RequiredAttribute"/> it reads itself.
/// </summary>
internal sealed class RequestSchemaTransformer(IOptions<ControlOptions> control) : IOpenApiSchemaTransformer
{
    /// <summary>Enums are written where they are used rather than as shared components, each with its field's own names.</summary>
    public static string? InlinesEnums(JsonTypeInfo type) =>
        (Nullable.GetUnderlyingType(type.Type) ?? type.Type).IsEnum ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && type.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType is { IsGenericType: true } converter
            && converter.GetGenericTypeDefinition() == typeof(ExactEnumConverter<>))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = null;
            // A field may deny some of its enum's names (a drive cannot ask for "velocity"): the enums are inlined
            // (InlinesEnums), so each field lists its own.
            schema.Enum = [.. JsonFault.Allowed(type, context.JsonPropertyInfo?.AttributeProvider).Select(name => (JsonNode)JsonValue.Create(name))];
        }

        // The contract reads doubles through its own converter (no infinities), which hides them from the generator.
        if (type == typeof(double) && schema.Type is null)
        {
            DescribeNumber(schema, nullable: type != context.JsonTypeInfo.Type, context.JsonPropertyInfo?.AttributeProvider);
        }

        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(LeaseAttribute), inherit: false) == true)
        {
            schema.Minimum = control.Value.MinLeaseMs.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = control.Value.MaxLeaseMs.ToString(CultureInfo.InvariantCulture);
            schema.Description = $"Lease in milliseconds; absent, {control.Value.DefaultLeaseMs}.";
        }

        return Task.CompletedTask;
    }

    private static void DescribeNumber(OpenApiSchema schema, bool nullable, ICustomAttributeProvider? attributes)
    {
        schema.Type = nullable ? JsonSchemaType.Number | JsonSchemaType.Null : JsonSchemaType.Number;
        schema.Format = "double";
        if (attributes?.GetCustomAttributes(typeof(RangeAttribute), inherit: false).FirstOrDefault() is RangeAttribute range)
        {
            schema.Minimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
            schema.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
        }

        if (attributes?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false).FirstOrDefault() is DescriptionAttribute description)
        {
            schema.Description = description.Description;
        }
    }
}

using System.Text.Json;

namespace DualRobot.Tests.Apis;

/// <summary>The OpenAPI document describes every request body: its fields, the enums' wire names, the ranges.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class OpenApiBodyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, string> Bodies => new()
    {
        // route, method, a field the body has
        { "/robots/{name}/drive", "post", "direction" },
        { "/robots/{name}/heartbeat", "post", "leaseMs" },
        { "/robots/{name}/eye", "post", "state" },
        { "/robots/{name}/servos/{index}", "put", "angle" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task EveryCommand_DescribesItsJsonBody(string route, string method, string field)
    {
        using var document = await GetDocumentAsync();

        var body = BodySchema(document.RootElement, route, method);

        Assert.True(body.GetProperty("properties").TryGetProperty(field, out _), $"{route} documents '{field}': {body}");
    }

    [Theory]
    [InlineData("/robots/{name}/drive", "direction", new[] { "stop", "forward", "backward", "left", "right" })]
    [InlineData("/robots/{name}/eye", "state", new[] { "off", "on", "blink" })]
    public async Task Enums_AreStringEnumsOfTheWireNames_AndRequired(string route, string field, string[] names)
    {
        using var document = await GetDocumentAsync();
        var body = BodySchema(document.RootElement, route, "post");

        var schema = Field(document.RootElement, body, field);

        Assert.Equal(names, EnumValues(document.RootElement, schema));
        Assert.Contains(field, body.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/robots/{name}/drive", "speed")]
    [InlineData("/robots/{name}/drive", "leaseMs")]
    [InlineData("/robots/{name}/heartbeat", "leaseMs")]
    public async Task OptionalFields_AreNotRequired(string route, string field)
    {
        using var document = await GetDocumentAsync();

        var body = BodySchema(document.RootElement, route, "post");

        var required = body.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(e => e.GetString()).ToArray() : [];
        Assert.DoesNotContain(field, required);
    }

    [Fact]
    public async Task Bodies_RefuseUnknownFields()
    {
        using var document = await GetDocumentAsync();

        var body = BodySchema(document.RootElement, "/robots/{name}/drive", "post");

        Assert.False(body.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public async Task Speed_IsANumberFromZeroToOne()
    {
        using var document = await GetDocumentAsync();
        var body = BodySchema(document.RootElement, "/robots/{name}/drive", "post");

        var speed = Field(document.RootElement, body, "speed");

        Assert.Equal(0, Number(speed.GetProperty("minimum")));
        Assert.Equal(1, Number(speed.GetProperty("maximum")));
    }

    [Theory]
    [InlineData("/robots/{name}/drive")]
    [InlineData("/robots/{name}/heartbeat")]
    public async Task Leases_CarryTheConfiguredRange(string route)
    {
        using var document = await GetDocumentAsync();
        var body = BodySchema(document.RootElement, route, "post");

        var lease = Field(document.RootElement, body, "leaseMs");

        // The defaults of Control:MinLeaseMs and Control:MaxLeaseMs.
        Assert.Equal(50, Number(lease.GetProperty("minimum")));
        Assert.Equal(5000, Number(lease.GetProperty("maximum")));
    }

    private async Task<JsonDocument> GetDocumentAsync()
    {
        using var client = api.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
    }

    private static JsonElement BodySchema(JsonElement root, string route, string method)
    {
        var operation = root.GetProperty("paths").GetProperty(route).GetProperty(method);
        return NonNull(root, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
    }

    private static JsonElement Field(JsonElement root, JsonElement body, string field) =>
        NonNull(root, body.GetProperty("properties").GetProperty(field));

    /// <summary>References followed, and a nullable wrapper (<c>oneOf</c>/<c>anyOf</c> with null) unwrapped.</summary>
    private static JsonElement NonNull(JsonElement root, JsonElement schema)
    {
        schema = Resolve(root, schema);
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                return options.EnumerateArray().Select(o => Resolve(root, o))
                    .First(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
            }
        }

        return schema;
    }

    private static string?[] EnumValues(JsonElement root, JsonElement schema) =>
        Resolve(root, schema).GetProperty("enum").EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => v.GetString())
            .ToArray();

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/components/schemas/".Length..];
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }

    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? double.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : value.GetDouble();
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

namespace DualRobot.Api.Apis;

/// <summary>
/// Checks what a bound body declares about itself (the contract's data annotations and <see cref="IValidatableObject"/>
/// rules), with .NET's validation (<c>AddValidation()</c>): its source generator finds the bodies of the endpoints.
/// Run by this group filter rather than the framework's own, so that it runs once the robot is resolved (a bad body to
/// an unknown robot is still the 404) and answers as every other problem of the api: <c>type</c> validation, the
/// field's JSON name. What depends on the robot (its pins, its servos) is the command's, what depends on its state the
/// pipeline's admission rules.
/// </summary>
#pragma warning disable ASP0029 // The validation info types are marked for evaluation; they are what AddValidation generates.
internal static class RequestValidation
{
    public static IServiceCollection AddRequestValidation(this IServiceCollection services) =>
        services.AddValidation();

    public static RouteGroupBuilder ValidatesBodies(this RouteGroupBuilder group)
    {
        group.DisableValidation();
        group.AddEndpointFilterFactory((factory, next) =>
        {
            // Which arguments are bodies with rules is known when the endpoint is built, not per request.
            var options = factory.ApplicationServices.GetRequiredService<IOptions<ValidationOptions>>().Value;
            var bodies = factory.MethodInfo.GetParameters()
                .Select((parameter, index) => (Index: index, Type: parameter.ParameterType,
                    Info: options.TryGetValidatableParameterInfo(parameter, out var info) ? info : null))
                .Where(body => body.Info is not null)
                .ToArray();
            if (bodies.Length == 0)
            {
                return next;
            }

            var json = factory.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return async context =>
            {
                foreach (var (index, type, info) in bodies)
                {
                    if (context.Arguments[index] is { } body)
                    {
                        var validation = new ValidateContext
                        {
                            ValidationOptions = options,
                            ValidationContext = new ValidationContext(body, context.HttpContext.RequestServices, items: null),
                        };
                        await info!.ValidateAsync(body, validation, context.HttpContext.RequestAborted);
                        if (validation.ValidationErrors is { Count: > 0 } errors)
                        {
                            return (object?)RequestProblems.Invalid(JsonNames(errors, Nullable.GetUnderlyingType(type) ?? type, json));
                        }
                    }
                }

                return await next(context);
            };
        });
        return group;
    }

    /// <summary>The errors keyed by the fields' JSON names (<c>leaseMs</c>), not their .NET ones (<c>LeaseMs</c>).</summary>
    private static Dictionary<string, string[]> JsonNames(Dictionary<string, string[]> errors, Type body, JsonSerializerOptions json)
    {
        var properties = json.GetTypeInfo(body).Properties;
        return errors.ToDictionary(
            error => properties.FirstOrDefault(p => (p.AttributeProvider as System.Reflection.MemberInfo)?.Name == error.Key)?.Name ?? error.Key,
            error => error.Value);
    }
}
#pragma warning restore ASP0029

using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using DualRobot.Api.Apis.Requests;
using DualRobot.Api.Control;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Apis;

/// <summary>
/// Checks what a bound body declares about itself: <see cref="RequiredAttribute"/> fields present,
/// <see cref="RangeAttribute"/> fields inside their range, <see cref="LeaseAttribute"/> fields inside the configured
/// lease range. Declared once on the record, the same attributes describe the body in the OpenAPI document, so a new
/// body needs nothing here. What depends on the robot (its pins, its servos) stays with the handler.
/// </summary>
internal static class RequestValidation
{
    private static readonly ConcurrentDictionary<Type, FieldRule[]> Rules = new();

    public static RouteGroupBuilder ValidatesBodies(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            // Which arguments are bodies with rules is known when the endpoint is built, not per request.
            var bodies = factory.MethodInfo.GetParameters()
                .Select((parameter, index) => (Index: index, Rules: RulesOf(parameter.ParameterType)))
                .Where(p => p.Rules.Length > 0)
                .ToArray();
            if (bodies.Length == 0)
            {
                return next;
            }

            var control = factory.ApplicationServices.GetRequiredService<IOptions<ControlOptions>>();
            return context =>
            {
                Dictionary<string, string[]>? errors = null;
                foreach (var (index, rules) in bodies)
                {
                    if (context.Arguments[index] is { } body)
                    {
                        foreach (var rule in rules)
                        {
                            if (rule.Check(body, control.Value) is { } message)
                            {
                                errors ??= [];
                                errors[rule.JsonName] = [message];
                            }
                        }
                    }
                }

                return errors is null ? next(context) : ValueTask.FromResult<object?>(RequestProblems.Invalid(errors));
            };
        });
        return group;
    }

    private static FieldRule[] RulesOf(Type type) => Rules.GetOrAdd(Nullable.GetUnderlyingType(type) ?? type, static type =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(FieldRule.For)
            .OfType<FieldRule>()
            .ToArray());

    private sealed record FieldRule(PropertyInfo Property, string JsonName, bool Required, RangeAttribute? Range, bool Lease)
    {
        public static FieldRule? For(PropertyInfo property)
        {
            var required = property.IsDefined(typeof(RequiredAttribute));
            var range = property.GetCustomAttribute<RangeAttribute>();
            var lease = property.IsDefined(typeof(LeaseAttribute));
            return required || range is not null || lease
                ? new FieldRule(property, JsonNamingPolicy.CamelCase.ConvertName(property.Name), required, range, lease)
                : null;
        }

        public string? Check(object body, ControlOptions control)
        {
            var value = Property.GetValue(body);
            if (value is null)
            {
                return Required ? "Required." : null;
            }

            if (Range is not null && !Range.IsValid(value))
            {
                return string.Create(CultureInfo.InvariantCulture, $"Must lie within {Range.Minimum}..{Range.Maximum}.");
            }

            return Lease && value is int ms && (ms < control.MinLeaseMs || ms > control.MaxLeaseMs)
                ? $"Must lie within {control.MinLeaseMs}..{control.MaxLeaseMs} milliseconds."
                : null;
        }
    }
}

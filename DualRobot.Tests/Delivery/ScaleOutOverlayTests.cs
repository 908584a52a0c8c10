using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The scale-out overlay (argocd/overlays/scale-out), rendered by <c>kubectl kustomize</c> and checked as typed
/// Kubernetes objects: Redis for the consoles only, the consoles as rolled replicas with a disruption budget, the api
/// as the sharded StatefulSet whose pod names are the shards the robots name.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class ScaleOutOverlayTests
{
    public const string Overlay = "argocd/overlays/scale-out";

    private static readonly Lazy<IReadOnlyList<RenderedDocument>> Rendered = new(() => Kustomize.Documents(Kustomize.Render(Overlay)));

    private static IReadOnlyList<RenderedDocument> Documents => Rendered.Value;

    private static T One<T>(string kind, string name) => Documents.Single(d => d.Kind == kind && d.Name == name).As<T>();

    private static V1Container Container(V1PodTemplateSpec template, string name) => template.Spec.Containers.Single(c => c.Name == name);

    [RequiresToolFact(Tools.Kubectl)]
    public void Overlay_AddsRedisTheShardsServiceAndABudget_DropsTheSinglePodVolumes_AllInTheDualrobotNamespace()
    {
        var objects = Documents.Select(d => $"{d.Kind}/{HashSuffix().Replace(d.Name, "-<hash>")}").ToList();

        Assert.Contains("Deployment/redis", objects);
        Assert.Contains("Service/redis", objects);
        Assert.Contains("NetworkPolicy/redis", objects);
        Assert.Contains("NetworkPolicy/frontend-redis", objects);
        Assert.Contains("Service/api-shards", objects);
        Assert.Contains("PodDisruptionBudget/frontend", objects);
        Assert.Contains("StatefulSet/api", objects);
        Assert.DoesNotContain(Documents, d => d.Kind == "PersistentVolumeClaim");
        Assert.All(Documents, d => Assert.Equal("dualrobot", d.Namespace));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Redis_IsPinned_KeepsNothingOnDisk_AndRunsRestricted()
    {
        var template = One<V1Deployment>("Deployment", "redis").Spec.Template;
        var redis = Container(template, "redis");

        Assert.Matches(@"^docker\.io/library/redis:\d+\.\d+\.\d+-alpine$", redis.Image);
        // Persistence off: no snapshots, no append-only file; its /data is an emptyDir, so nothing outlives the pod.
        Assert.Contains("--save", redis.Args);
        Assert.Equal("", redis.Args[redis.Args.IndexOf("--save") + 1]);
        Assert.Equal("no", redis.Args[redis.Args.IndexOf("--appendonly") + 1]);
        Assert.All(template.Spec.Volumes, volume => Assert.NotNull(volume.EmptyDir));
        Assert.True(redis.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(redis.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(template.Spec.SecurityContext.RunAsNonRoot);
        Assert.False(template.Spec.AutomountServiceAccountToken);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Redis_IsReachedByTheConsolesOnly_AndReachesNobody()
    {
        var policy = One<V1NetworkPolicy>("NetworkPolicy", "redis").Spec;

        Assert.Equal("redis", policy.PodSelector.MatchLabels["app"]);
        Assert.Equal(["Ingress", "Egress"], policy.PolicyTypes);
        var ingress = Assert.Single(policy.Ingress);
        var from = Assert.Single(ingress.FromProperty);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "frontend" }, from.PodSelector.MatchLabels);
        Assert.Null(from.NamespaceSelector);
        Assert.Equal("6379", Assert.Single(ingress.Ports).Port.Value);
        Assert.True(policy.Egress is null or { Count: 0 });

        // The consoles' way out to it, and the api's policy does not get one.
        var consoles = One<V1NetworkPolicy>("NetworkPolicy", "frontend-redis").Spec;
        Assert.Equal("frontend", consoles.PodSelector.MatchLabels["app"]);
        Assert.Equal("redis", Assert.Single(Assert.Single(consoles.Egress).To).PodSelector.MatchLabels["app"]);
        Assert.DoesNotContain(Documents.Where(d => d.Kind == "NetworkPolicy").Select(d => d.As<V1NetworkPolicy>()),
            p => Value(p.Spec.PodSelector.MatchLabels, "app") == "api"
                 && p.Spec.Egress?.Any(e => e.To?.Any(t => Value(t.PodSelector?.MatchLabels, "app") == "redis") == true) == true);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Consoles_AreTwoReplicasRolledOneAtATime_SharingRedis_WithNoVolumeOfTheirOwn()
    {
        var spec = One<V1Deployment>("Deployment", "frontend").Spec;
        var console = Container(spec.Template, "frontend");
        var environment = console.Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal(2, spec.Replicas);
        Assert.Equal("RollingUpdate", spec.Strategy.Type);
        Assert.Equal("0", spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("redis:6379", environment["ConnectionStrings__redis"]);
        Assert.DoesNotContain("KeyRing__Path", environment.Keys);
        Assert.DoesNotContain(spec.Template.Spec.Volumes, volume => volume.PersistentVolumeClaim is not null);

        var budget = One<V1PodDisruptionBudget>("PodDisruptionBudget", "frontend").Spec;
        Assert.Equal("1", budget.MinAvailable.Value);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "frontend" }, budget.Selector.MatchLabels);
        Assert.Equal("frontend", spec.Template.Metadata.Labels["app"]);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Api_IsTheShardedStatefulSet_EachPodItsOwnShardVolumeAndConsoleEntry()
    {
        var spec = One<V1StatefulSet>("StatefulSet", "api").Spec;
        var api = Container(spec.Template, "api");
        var shards = Enumerable.Range(0, spec.Replicas!.Value).Select(ordinal => $"api-{ordinal.ToString(CultureInfo.InvariantCulture)}").ToList();

        Assert.Equal(2, spec.Replicas);
        Assert.Equal("OrderedReady", spec.PodManagementPolicy);
        // The pod's name is its shard.
        Assert.Equal("metadata.name", api.Env.Single(e => e.Name == "Shard__Name").ValueFrom.FieldRef.FieldPath);
        // A volume per pod for its audit trail, lock and safety store (the one shared claim is gone).
        Assert.Equal("audit", Assert.Single(spec.VolumeClaimTemplates).Metadata.Name);
        Assert.DoesNotContain(spec.Template.Spec.Volumes, volume => volume.Name == "audit");
        Assert.Contains(api.VolumeMounts, mount => mount.Name == "audit" && mount.MountPath == "/data");

        // Each pod has a name in DNS through the headless governing Service, and every console follows every one.
        var governing = One<V1Service>("Service", spec.ServiceName).Spec;
        Assert.Equal("None", governing.ClusterIP);
        Assert.Equal("api", governing.Selector["app"]);
        var consoles = Container(One<V1Deployment>("Deployment", "frontend").Spec.Template, "frontend").Env
            .Where(e => e.Name.StartsWith("Api__Instances__", StringComparison.Ordinal))
            .ToDictionary(e => e.Name["Api__Instances__".Length..], e => e.Value);
        Assert.Equal(shards, consoles.Keys.Order(StringComparer.Ordinal));
        Assert.All(shards, shard => Assert.Equal($"http://{shard}.{spec.ServiceName}:8080", consoles[shard]));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void EveryRobot_BelongsToOneRunningShard_AndEveryShardDrivesOne()
    {
        var replicas = One<V1StatefulSet>("StatefulSet", "api").Spec.Replicas!.Value;
        var robots = Documents.Single(d => d.Kind == "ConfigMap" && d.Name.StartsWith("api-robots-", StringComparison.Ordinal)).As<V1ConfigMap>().Data;
        var names = robots.Keys.Select(key => key.Split("__")[1]).Distinct().ToList();
        var shards = Enumerable.Range(0, replicas).Select(ordinal => $"api-{ordinal.ToString(CultureInfo.InvariantCulture)}").ToList();

        Assert.NotEmpty(names);
        Assert.All(names, robot => Assert.Contains(Value(robots, $"Robots__{robot}__Shard"), shards));
        Assert.All(shards, shard => Assert.Contains(shard, names.Select(robot => robots[$"Robots__{robot}__Shard"])));
    }

    private static string? Value(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex HashSuffix();
}

using System.Net;
using ImageTasks.Core.References;
using Microsoft.Build.Framework;

namespace ImageTasks.MSBuild;

/// <summary>
/// A multi-RID container publish builds each RID's image in an inner build of its own. The inner build gets the served
/// store's address as ContainerBaseRegistry (a global property), but MSBuild starts every project's build with the
/// build's starting environment, so the address <see cref="StartStoreServer"/> added to the SDK's plain-HTTP list is
/// not there: this task adds it again in the inner build, when the base registry is the outer build's served store
/// (a loopback address other than the image's own registry, with the image under its served name).
/// </summary>
public sealed class TrustStoreServer : ImageTask
{
    /// <summary>The base image as the inner build pinned it (ContainerBaseImage).</summary>
    [Required]
    public string BaseImage { get; set; } = "";

    /// <summary>Where the SDK is to fetch it from (ContainerBaseRegistry, from the outer build).</summary>
    [Required]
    public string Registry { get; set; } = "";

    /// <summary>The name the SDK is to fetch (ContainerBaseName, from the outer build).</summary>
    [Required]
    public string Name { get; set; } = "";

    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (ImageReference.TryParse(BaseImage, out var reference, out _)
            && IPEndPoint.TryParse(Registry, out var endpoint) && IPAddress.IsLoopback(endpoint.Address)
            && !string.Equals(reference!.Repository.Domain, Registry, StringComparison.OrdinalIgnoreCase)
            && Core.Serving.ServedName.For(reference.Repository) == Name)
        {
            StoreServerProcess.AllowPlainHttp(Registry);
            Log.LogMessage(MessageImportance.Normal, $"ImageTasks: offline: this runtime's image reads {reference.ToFamiliarString()} from the image store served on {Registry}");
        }

        return Task.CompletedTask;
    }
}

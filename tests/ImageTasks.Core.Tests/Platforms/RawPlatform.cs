using ImageTasks.Core.Platforms;

namespace ImageTasks.Core.Tests.Platforms;

/// <summary>
/// Builds a <see cref="Platform"/> from "os[(os.version)]/arch[/variant]" exactly as written, without the parser's
/// validation or normalisation, so tests can feed aliases (aarch64, Linux, armhf) straight to the matcher.
/// </summary>
internal static class RawPlatform
{
    public static Platform Of(string spec)
    {
        var parts = spec.Split('/');
        var os = parts[0];
        string? osVersion = null;
        var open = os.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            osVersion = os[(open + 1)..^1];
            os = os[..open];
        }

        return new Platform(os, parts[1], parts.Length > 2 ? parts[2] : null, osVersion);
    }

    /// <summary>Space-separated specs, e.g. "linux/arm/v5 linux/arm/v6".</summary>
    public static Platform[] ListOf(string specs) =>
        specs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Of).ToArray();
}

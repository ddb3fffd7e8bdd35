using System.Diagnostics.CodeAnalysis;

namespace ImageTasks.Core.Platforms;

/// <summary>
/// Step one of four (parse, normalise, match, rank): text to <see cref="Platform"/>.
/// Syntax is containerd's specifier, <c>os[(os.version)]/arch[/variant]</c>, e.g. <c>linux/arm64</c>,
/// <c>linux/arm/v7</c>, <c>windows(10.0.17763)/amd64</c>, <c>windows(10.0.17763+win32k)/amd64</c>, <c>linux(+gpu)/amd64</c>
/// (os.features after <c>+</c>). Wildcards are not supported.
/// </summary>
internal static class PlatformParser
{
    /// <summary>Parses and normalises; <paramref name="hostDefaults"/> completes a bare os or arch when given.</summary>
    public static Platform Parse(string text, Platform? hostDefaults)
    {
        if (!TryParse(text, hostDefaults, out var platform, out var reason))
        {
            throw new PlatformFormatException(text, reason);
        }

        return platform;
    }

    public static bool TryParse(
        string text,
        Platform? hostDefaults,
        [NotNullWhen(true)] out Platform? platform,
        [NotNullWhen(false)] out string? reason)
    {
        platform = null;

        // Lists in MSBuild properties and CLI flags ("linux/amd64, linux/arm64") carry stray blanks.
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            reason = "the platform is empty";
            return false;
        }

        var parts = trimmed.Split('/');
        if (parts.Length > 3)
        {
            reason = $"it has {parts.Length} components but at most 3 (os/arch/variant) are allowed";
            return false;
        }

        if (!TryParseOs(parts[0], out var os, out var osVersion, out var features, out reason))
        {
            return false;
        }

        if (parts.Length == 1)
        {
            var completed = TryCompleteBareSpecifier(os, osVersion, hostDefaults, out platform, out reason);
            platform = platform is null ? null : (platform with { OsFeatures = features }).Normalize();
            return completed;
        }

        var architecture = parts[1];
        if (!IsValidComponent(architecture, "architecture", allowDot: true, out reason))
        {
            return false;
        }

        string? variant = null;
        if (parts.Length == 3)
        {
            variant = parts[2];
            if (!IsValidComponent(variant, "variant", allowDot: true, out reason))
            {
                return false;
            }
        }

        platform = new Platform(os, architecture, variant, osVersion) { OsFeatures = features }.Normalize();
        return true;
    }

    // A single word is an os or an arch; only the host-defaults flavour may complete it.
    private static bool TryCompleteBareSpecifier(
        string os,
        string? osVersion,
        Platform? hostDefaults,
        [NotNullWhen(true)] out Platform? platform,
        [NotNullWhen(false)] out string? reason)
    {
        platform = null;
        var normalizedOs = PlatformNormalizer.NormalizeOs(os);
        var asArchitecture = PlatformNormalizer.NormalizeArchitecture(os, variant: null);
        var isOs = PlatformNormalizer.IsKnownOs(normalizedOs);
        var isArchitecture = osVersion is null && PlatformNormalizer.IsKnownArchitecture(asArchitecture.Architecture);

        if (hostDefaults is null)
        {
            reason = isArchitecture && !isOs ? "the os is missing" : "the architecture is missing";
            return false;
        }

        if (isOs)
        {
            platform = new Platform(normalizedOs, hostDefaults.Architecture, hostDefaults.Variant, osVersion).Normalize();
            reason = null;
            return true;
        }

        if (isArchitecture)
        {
            platform = new Platform(hostDefaults.Os, asArchitecture.Architecture, asArchitecture.Variant).Normalize();
            reason = null;
            return true;
        }

        reason = $"\"{os}\" is neither a known os nor a known architecture";
        return false;
    }

    private static bool TryParseOs(
        string component,
        out string os,
        out string? osVersion,
        out IReadOnlyList<string> features,
        [NotNullWhen(false)] out string? reason)
    {
        os = component;
        osVersion = null;
        features = [];

        var open = component.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!component.EndsWith(')'))
            {
                reason = "the os version must be written os(version), e.g. windows(10.0.17763)/amd64";
                return false;
            }

            os = component[..open];
            // os(version+feature+feature): the version may be empty when features follow, as in linux(+gpu).
            var options = component[(open + 1)..^1].Split('+');
            osVersion = options[0].Length == 0 ? null : options[0];
            if (osVersion is null && options.Length == 1)
            {
                reason = "the os version in parentheses is empty";
                return false;
            }

            if (osVersion is not null && !IsValidComponent(osVersion, "os version", allowDot: true, out reason))
            {
                return false;
            }

            foreach (var feature in options.Skip(1))
            {
                if (!IsValidComponent(feature, "os feature", allowDot: true, out reason))
                {
                    return false;
                }
            }

            features = options[1..];
        }

        // No dots in os names: it keeps "10.0.17763" from being read as an os when the parentheses are forgotten.
        return IsValidComponent(os, "os", allowDot: false, out reason);
    }

    private static bool IsValidComponent(string value, string name, bool allowDot, [NotNullWhen(false)] out string? reason)
    {
        if (value.Length == 0)
        {
            reason = $"the {name} is empty";
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-') && !(allowDot && c == '.'))
            {
                var allowed = allowDot ? "letters, digits, '.', '_' and '-'" : "letters, digits, '_' and '-'";
                reason = $"the {name} {PlatformFormatException.Quote(value)} contains {PlatformFormatException.Quote(c.ToString())}; only {allowed} are allowed";
                return false;
            }
        }

        reason = null;
        return true;
    }
}

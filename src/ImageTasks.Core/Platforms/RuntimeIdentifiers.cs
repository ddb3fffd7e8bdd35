namespace ImageTasks.Core.Platforms;

/// <summary>
/// .NET runtime identifiers (RIDs) to container platforms and back. Only portable RIDs of operating systems
/// that run containers are mapped (<c>linux-*</c>, <c>linux-musl-*</c>, <c>win-*</c>); macOS, mobile, browser,
/// distro-versioned (<c>ubuntu.22.04-x64</c>) and unknown RIDs give null.
/// </summary>
public static class RuntimeIdentifiers
{
    /// <summary>
    /// <c>linux-x64</c> -> linux/amd64, <c>linux-arm</c> -> linux/arm/v7, <c>linux-musl-arm64</c> -> linux/arm64,
    /// <c>win-x64</c> -> windows/amd64; null when the RID has no container platform. Case-insensitive.
    /// </summary>
    public static Platform? ToPlatform(string runtimeIdentifier)
    {
        ArgumentNullException.ThrowIfNull(runtimeIdentifier);

        var dash = runtimeIdentifier.LastIndexOf('-');
        if (dash <= 0)
        {
            return null;
        }

        var osPart = runtimeIdentifier[..dash];
        var archPart = runtimeIdentifier[(dash + 1)..];

        // musl only changes the C library inside the image; the platform is the same as glibc's.
        if (osPart.Equals("linux", StringComparison.OrdinalIgnoreCase)
            || osPart.Equals("linux-musl", StringComparison.OrdinalIgnoreCase))
        {
            return LinuxArchitecture(archPart) is var (architecture, variant)
                ? new Platform("linux", architecture, variant)
                : null;
        }

        if (osPart.Equals("win", StringComparison.OrdinalIgnoreCase))
        {
            return WindowsArchitecture(archPart) is { } windowsArchitecture
                ? new Platform("windows", windowsArchitecture)
                : null;
        }

        return null;
    }

    /// <summary>
    /// The portable RID whose binaries run on <paramref name="platform"/> (the glibc form for linux), or null.
    /// The platform is normalised first. Higher variants map to the RID of their baseline, since .NET builds for
    /// the baseline: amd64/v3 -> x64, arm64/v8.2 -> arm64, arm/v8 -> arm. arm/v5 has no RID. os.version is ignored.
    /// </summary>
    public static string? ToRuntimeIdentifier(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var normalized = platform.Normalize();

        return normalized.Os switch
        {
            "linux" => LinuxRid(normalized) is { } linux ? "linux-" + linux : null,
            "windows" => WindowsRid(normalized) is { } windows ? "win-" + windows : null,
            _ => null,
        };
    }

    private static (string Architecture, string? Variant)? LinuxArchitecture(string rid) => Lower(rid) switch
    {
        "x64" => ("amd64", null),
        "x86" => ("386", null),
        "arm64" => ("arm64", null),
        // .NET's linux-arm targets ARMv7 (hard float); armv6 is the Raspberry Pi Zero/1 build.
        "arm" => ("arm", "v7"),
        "armv6" => ("arm", "v6"),
        "s390x" => ("s390x", null),
        "ppc64le" => ("ppc64le", null),
        "riscv64" => ("riscv64", null),
        "loongarch64" => ("loong64", null),
        _ => null,
    };

    private static string? WindowsArchitecture(string rid) => Lower(rid) switch
    {
        "x64" => "amd64",
        "x86" => "386",
        "arm64" => "arm64",
        _ => null,
    };

    private static string? LinuxRid(Platform platform) => platform.Architecture switch
    {
        "amd64" => "x64",
        "386" => "x86",
        "arm64" => "arm64",
        "arm" => platform.Variant switch
        {
            "v7" or "v8" => "arm",
            "v6" => "armv6",
            _ => null,
        },
        "s390x" => "s390x",
        "ppc64le" => "ppc64le",
        "riscv64" => "riscv64",
        "loong64" => "loongarch64",
        _ => null,
    };

    private static string? WindowsRid(Platform platform) => platform.Architecture switch
    {
        "amd64" => "x64",
        "386" => "x86",
        "arm64" => "arm64",
        _ => null,
    };

#pragma warning disable CA1308 // RIDs are lower-case by convention.
    private static string Lower(string value) => value.ToLowerInvariant();
#pragma warning restore CA1308
}

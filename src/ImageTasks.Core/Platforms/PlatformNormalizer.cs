namespace ImageTasks.Core.Platforms;

/// <summary>
/// Step two of four: aliases to canonical values, as containerd's <c>platforms.Normalize</c> does, so that
/// matching only ever compares canonical strings.
/// </summary>
/// <remarks>
/// Lower-casing (not upper-casing) is deliberate: OCI platform values are lower-case by specification.
/// </remarks>
internal static class PlatformNormalizer
{
    public static Platform Normalize(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var (architecture, variant) = NormalizeArchitecture(platform.Architecture, platform.Variant);
        return new Platform(
            NormalizeOs(platform.Os),
            architecture,
            variant,
            string.IsNullOrEmpty(platform.OsVersion) ? null : platform.OsVersion)
        {
            OsFeatures = NormalizeFeatures(platform.OsFeatures),
        };
    }

    /// <summary>Sorted (ordinal), without duplicates or empty entries, as containerd compares them.</summary>
    public static IReadOnlyList<string> NormalizeFeatures(IEnumerable<string>? features) =>
        features is null ? [] : features.Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public static string NormalizeOs(string os)
    {
        ArgumentNullException.ThrowIfNull(os);
#pragma warning disable CA1308 // OCI platform values are lower-case.
        var lower = os.ToLowerInvariant();
#pragma warning restore CA1308
        return lower == "macos" ? "darwin" : lower;
    }

    /// <summary>Canonical architecture and variant; an empty variant becomes null.</summary>
    public static (string Architecture, string? Variant) NormalizeArchitecture(string architecture, string? variant)
    {
        ArgumentNullException.ThrowIfNull(architecture);
#pragma warning disable CA1308 // OCI platform values are lower-case.
        var arch = architecture.ToLowerInvariant();
        var v = string.IsNullOrEmpty(variant) ? null : variant.ToLowerInvariant();
#pragma warning restore CA1308

        return arch switch
        {
            // 32-bit x86 has no variants worth keeping; i686 is how uname spells it on most distributions.
            "i386" or "i686" => ("386", null),
            "x86_64" or "x86-64" or "amd64" => ("amd64", v == "v1" ? null : v),
            // v8 is the arm64 baseline, so it is implied and dropped; v9.0 is v9 (containerd folds both spellings).
            "aarch64" or "arm64" => ("arm64", v switch
            {
                "8" or "v8" or "v8.0" => null,
                "9" or "9.0" or "v9.0" => "v9",
                _ => v,
            }),
            "armhf" => ("arm", "v7"),
            "armel" => ("arm", "v6"),
            // Bare arm means armhf (v7), the most common 32-bit arm; keeping the variant explicit makes
            // "linux/arm" and "linux/arm/v7" the same record.
            "arm" => ("arm", v switch
            {
                null or "7" => "v7",
                "5" or "6" or "8" => "v" + v,
                _ => v,
            }),
            _ => (arch, v),
        };
    }

    /// <summary>GOOS values (Go's syslist), after normalisation; used only to read a bare specifier.</summary>
    public static bool IsKnownOs(string os) => os is
        "aix" or "android" or "darwin" or "dragonfly" or "freebsd" or "hurd" or "illumos" or "ios" or "js" or
        "linux" or "nacl" or "netbsd" or "openbsd" or "plan9" or "solaris" or "windows" or "zos";

    /// <summary>GOARCH values, after normalisation; used only to read a bare specifier.</summary>
    public static bool IsKnownArchitecture(string architecture) => architecture is
        "386" or "amd64" or "amd64p32" or "arm" or "armbe" or "arm64" or "arm64be" or "ppc64" or "ppc64le" or
        "loong64" or "mips" or "mipsle" or "mips64" or "mips64le" or "mips64p32" or "mips64p32le" or "ppc" or
        "riscv" or "riscv64" or "s390" or "s390x" or "sparc" or "sparc64" or "wasm";
}

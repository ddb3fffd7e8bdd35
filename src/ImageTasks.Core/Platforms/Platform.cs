using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using ProcessArchitecture = System.Runtime.InteropServices.Architecture;

namespace ImageTasks.Core.Platforms;

/// <summary>
/// An OCI platform: the <c>os</c>, <c>architecture</c>, <c>variant</c> and <c>os.version</c> fields of an
/// image index entry or image config.
/// </summary>
/// <remarks>
/// The record holds whatever it was built with; equality is field by field, so compare normalised values
/// (<see cref="Normalize"/>) when aliases may be involved. <see cref="Parse"/> always returns a normalised platform.
/// Canonical values follow containerd: lower-case os and architecture, arm always carries its variant
/// (<c>arm/v7</c>), arm64 drops the default <c>v8</c> and amd64 drops the default <c>v1</c>.
/// </remarks>
public sealed record Platform(string Os, string Architecture, string? Variant = null, string? OsVersion = null)
{
    /// <summary>
    /// The <c>os.features</c> (e.g. <c>win32k</c>): what the host offers when this platform is wanted, what the image
    /// needs when it is a candidate. Normalised platforms hold them sorted and without duplicates.
    /// </summary>
    public IReadOnlyList<string> OsFeatures { get; init; } = [];

    /// <summary>
    /// The platform this process runs on: its OS and process architecture (32-bit arm is arm/v7, the
    /// minimum .NET supports) and, on Windows, the OS version as major.minor.build so that the Windows
    /// matcher can pick images whose build the host kernel can run.
    /// </summary>
    public static Platform Host { get; } = DetectHost();

    /// <summary>
    /// Parses <c>os[(os.version)]/arch[/variant]</c> and returns the normalised platform.
    /// Never fills gaps from the host machine: a bare os or arch is rejected (see <see cref="ParseWithHostDefaults"/>).
    /// </summary>
    /// <exception cref="PlatformFormatException">The text is not a platform specifier.</exception>
    public static Platform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlatformParser.Parse(text, hostDefaults: null);
    }

    /// <summary>
    /// Like <see cref="Parse"/>, but a bare specifier is completed from <see cref="Host"/> the way containerd
    /// does: a known os (<c>linux</c>) gets the host's architecture and variant, a known architecture
    /// (<c>arm64</c>) gets the host's os.
    /// </summary>
    /// <exception cref="PlatformFormatException">The text is not a platform specifier.</exception>
    public static Platform ParseWithHostDefaults(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlatformParser.Parse(text, Host);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Platform? platform)
    {
        if (text is null)
        {
            platform = null;
            return false;
        }

        return PlatformParser.TryParse(text, hostDefaults: null, out platform, out _);
    }

    /// <summary>Returns the canonical form of this platform (aliases resolved, see <see cref="PlatformNormalizer"/>).</summary>
    public Platform Normalize() => PlatformNormalizer.Normalize(this);

    /// <summary>
    /// <c>os/arch</c> or <c>os/arch/variant</c>, as docker and containerd print platforms. The os.version is
    /// left out on purpose: this is the form users type and tools compare.
    /// </summary>
    public override string ToString() =>
        string.IsNullOrEmpty(Variant) ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>
    /// The whole specifier, <c>os(os.version+feature...)/arch[/variant]</c> (containerd's <c>FormatAll</c>): what an
    /// error names when the os.version or features decided the outcome.
    /// </summary>
    public string ToFullString()
    {
        if (string.IsNullOrEmpty(OsVersion) && OsFeatures.Count == 0)
        {
            return ToString();
        }

        var options = OsVersion + string.Concat(OsFeatures.Order(StringComparer.Ordinal).Select(f => "+" + f));
        var os = $"{Os}({options})";
        return string.IsNullOrEmpty(Variant) ? $"{os}/{Architecture}" : $"{os}/{Architecture}/{Variant}";
    }

    /// <summary>Field by field; os.features compare as lists (a record would compare the list references).</summary>
    public bool Equals(Platform? other) =>
        other is not null
        && Os == other.Os
        && Architecture == other.Architecture
        && Variant == other.Variant
        && OsVersion == other.OsVersion
        && OsFeatures.SequenceEqual(other.OsFeatures);

    public override int GetHashCode() => HashCode.Combine(Os, Architecture, Variant, OsVersion, OsFeatures.Count);

    private static Platform DetectHost()
    {
        // Android and browser checks come first: they are more specific than the families below them.
        var os =
            OperatingSystem.IsAndroid() ? "android" :
            OperatingSystem.IsBrowser() ? "js" :
            OperatingSystem.IsLinux() ? "linux" :
            OperatingSystem.IsWindows() ? "windows" :
            OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst() ? "darwin" :
            OperatingSystem.IsIOS() ? "ios" :
            OperatingSystem.IsFreeBSD() ? "freebsd" :
            "unknown";

        var processArchitecture = RuntimeInformation.ProcessArchitecture;
        var (architecture, variant) = processArchitecture switch
        {
            ProcessArchitecture.X64 => ("amd64", null),
            ProcessArchitecture.X86 => ("386", null),
            ProcessArchitecture.Arm64 => ("arm64", null),
            // .NET's 32-bit arm build targets ARMv7; armv6 is its own enum value.
            ProcessArchitecture.Arm => ("arm", "v7"),
            ProcessArchitecture.Armv6 => ("arm", "v6"),
            ProcessArchitecture.S390x => ("s390x", null),
            ProcessArchitecture.Ppc64le => ("ppc64le", null),
            ProcessArchitecture.LoongArch64 => ("loong64", null),
            ProcessArchitecture.RiscV64 => ("riscv64", null),
            ProcessArchitecture.Wasm => ("wasm", (string?)null),
            _ => (processArchitecture.ToString(), null),
        };

        string? osVersion = null;
        if (OperatingSystem.IsWindows())
        {
            // Windows containers must match the host kernel build; .NET reports the real version here.
            var version = Environment.OSVersion.Version;
            osVersion = string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{version.Minor}.{version.Build}");
        }

        return new Platform(os, architecture, variant, osVersion).Normalize();
    }
}

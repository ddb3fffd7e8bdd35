using System.Globalization;

namespace ImageTasks.Core.Platforms;

/// <summary>
/// The ordered list of canonical platforms a wanted platform can run, best first (containerd's
/// <c>platformVector</c> behind <c>platforms.Only</c>). Membership is "matches"; position is the rank.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>amd64/vN: vN, ..., v2, plain amd64 (v1), then 386 (x86-64 runs 32-bit x86 code).</item>
/// <item>arm/vN: vN down to v5 (each arm generation runs the older ones' code).</item>
/// <item>arm64 (v8): arm64, then arm/v8, v7, v6, v5 (AArch32), so 32-bit images rank after every arm64 one.</item>
/// <item>arm64/v8.x: v8.x down to plain arm64, then the arm fallbacks; arm64/v9.x also accepts v9.(x-1)..v9 and
/// v8.(x+5)..v8, because v9.0 branched from v8.5, capped at v8.9 (v9.4 and later map to v8.9, as containerd caps it).
/// As in containerd, only a one-digit minor (<c>v8.5</c>, not <c>v8.10</c>) is read; a longer one counts as .0.</item>
/// <item>anything else: only itself.</item>
/// </list>
/// </remarks>
internal static class CompatiblePlatforms
{
    private const int MaxArm64V8Minor = 9;

    /// <summary>Platforms <paramref name="wanted"/> accepts, best first. <paramref name="wanted"/> must be canonical.</summary>
    public static IReadOnlyList<Platform> For(Platform wanted)
    {
        var accepted = new List<Platform> { wanted };
        switch (wanted.Architecture)
        {
            case "amd64":
                if (TryParseLevel(wanted.Variant, out var level))
                {
                    for (var older = level - 1; older >= 1; older--)
                    {
                        accepted.Add(wanted with { Variant = older == 1 ? null : Level(older) });
                    }
                }

                accepted.Add(wanted with { Architecture = "386", Variant = null });
                break;

            case "arm":
                if (TryParseLevel(wanted.Variant, out var armLevel))
                {
                    AddArm(accepted, wanted, armLevel - 1);
                }

                break;

            case "arm64":
                AddArm64(accepted, wanted);
                break;
        }

        return accepted;
    }

    private static void AddArm64(List<Platform> accepted, Platform wanted)
    {
        if (!TryParseArm64Variant(wanted.Variant ?? "v8", out var major, out var minor) || major < 8)
        {
            return;
        }

        if (major == 9)
        {
            for (var older = minor - 1; older >= 0; older--)
            {
                accepted.Add(wanted with { Variant = older == 0 ? "v9" : $"v9.{Number(older)}" });
            }

            // v9.0 diverged from v8.5, so v9.x implements v8.(x+5); the mapping stops at v8.9.
            major = 8;
            minor = Math.Min(minor + 5, MaxArm64V8Minor);
            accepted.Add(wanted with { Variant = $"v8.{Number(minor)}" });
        }

        if (major == 8)
        {
            for (var older = minor - 1; older >= 0; older--)
            {
                // arm64/v8 is canonically plain arm64.
                accepted.Add(wanted with { Variant = older == 0 ? null : $"v8.{Number(older)}" });
            }
        }

        // Every ARMv8+ core we know of can run AArch32 code: the 32-bit fallbacks come after all 64-bit ones.
        AddArm(accepted, wanted, fromLevel: 8);
    }

    private static void AddArm(List<Platform> accepted, Platform wanted, int fromLevel)
    {
        for (var level = fromLevel; level >= 5; level--)
        {
            accepted.Add(wanted with { Architecture = "arm", Variant = Level(level) });
        }
    }

    // "v3" or "3" -> 3.
    private static bool TryParseLevel(string? variant, out int level)
    {
        level = 0;
        if (variant is null)
        {
            return false;
        }

        var digits = variant.StartsWith('v') ? variant[1..] : variant;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out level);
    }

    // "v8" -> (8, 0), "v8.2" -> (8, 2); "v8.10" -> (8, 0): containerd reads the minor only from a four-character variant.
    private static bool TryParseArm64Variant(string variant, out int major, out int minor)
    {
        minor = 0;
        var dot = variant.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return TryParseLevel(variant, out major);
        }

        if (!TryParseLevel(variant[..dot], out major))
        {
            return false;
        }

        if (variant.Length == 4 && !int.TryParse(variant[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out minor))
        {
            minor = 0;
        }

        return true;
    }

    private static string Level(int level) => "v" + Number(level);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace ImageTasks.Core.Platforms;

/// <summary>
/// A Windows <c>os.version</c>, <c>major.minor.build[.revision]</c> (e.g. <c>10.0.17763.1234</c>). Process-isolated
/// Windows containers share the host kernel, so major.minor.build must agree; the revision is only a patch level.
/// </summary>
internal readonly record struct WindowsOsVersion(int Major, int Minor, int Build, int? Revision)
{
    public static bool TryParse(string? text, out WindowsOsVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length is < 3 or > 4)
        {
            return false;
        }

        Span<int> numbers = stackalloc int[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new WindowsOsVersion(numbers[0], numbers[1], numbers[2], parts.Length == 4 ? numbers[3] : null);
        return true;
    }

    public bool IsSameBuild(WindowsOsVersion other) =>
        Major == other.Major && Minor == other.Minor && Build == other.Build;
}

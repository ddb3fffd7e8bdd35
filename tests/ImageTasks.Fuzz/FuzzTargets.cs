using System.Text;
using ImageTasks.Core;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.Platforms;
using ImageTasks.Core.References;

namespace ImageTasks.Fuzz;

/// <summary>
/// One parser per target, over the fuzzer's bytes. A coded one-line <see cref="ImageTasksException"/> is a correct
/// refusal and is swallowed; anything else escapes, and afl records the input as a crash.
/// </summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["reference"] = bytes => Refusing(() => ImageReference.Parse(Encoding.UTF8.GetString(bytes))),
        ["platform"] = bytes => Refusing(() => Platform.Parse(Encoding.UTF8.GetString(bytes))),
        ["manifest"] = bytes => Refusing(() => ManifestDocument.Parse(bytes, null, "fuzz")),
        ["lockfile"] = LockFile,
    };

    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), $"imagetasks-fuzz-{Environment.ProcessId}", ImageLockFile.DefaultName);

    private static void LockFile(byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        File.WriteAllBytes(LockPath, bytes);
        Refusing(() => ImageLockFile.Read(LockPath));
    }

    private static void Refusing(Action parse)
    {
        try
        {
            parse();
        }
        catch (ImageTasksException e) when (IsOneLine(e.Message))
        {
            // The refusal the rules ask for.
        }
    }

    private static bool IsOneLine(string message) =>
        message.Length > 0 && message.AsSpan().IndexOfAny("\r\n\u0085\u2028\u2029") < 0 && !message.Contains("Exception", StringComparison.Ordinal);
}

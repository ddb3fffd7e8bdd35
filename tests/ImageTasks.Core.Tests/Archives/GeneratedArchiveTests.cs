using CsCheck;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Load;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;
using Xunit.Abstractions;

namespace ImageTasks.Core.Tests.Archives;

/// <summary>
/// Real archives (docker 20.10's form, and an OCI layout, gzip or not) with generated damage: bytes overwritten, the end
/// cut off. Each load succeeds or refuses with a coded one-line error that is not an internal one, and a refused load
/// leaves the store exactly as it was.
/// </summary>
public sealed class GeneratedArchiveTests : IDisposable
{
    private static readonly byte[][] Archives = BuildArchives();

    private readonly ITestOutputHelper _output;
    private readonly TempStore _store = new();

    public GeneratedArchiveTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _store.Dispose();

    /// <summary>Which archive, which bytes to overwrite (offset per mille of the length, value), and how much to keep.</summary>
    private static readonly Gen<(int Archive, (int PerMille, byte Value)[] Writes, int KeepPerMille)> Damage =
        Gen.Select(Gen.Int[0, 3], Gen.Select(Gen.Int[0, 999], Gen.Byte).Array[0, 4], Gen.Frequency((3, Gen.Const(1000)), (1, Gen.Int[0, 999])));

    [Fact]
    public async Task Damaged_archives_load_or_are_refused_with_a_coded_line_and_the_store_unchanged()
    {
        await GeneratedCases.RunAsync(_output, "load", Damage, async damage =>
        {
            var bytes = (byte[])Archives[damage.Archive].Clone();
            foreach (var (perMille, value) in damage.Writes)
            {
                bytes[(int)((long)bytes.Length * perMille / 1000)] = value;
            }

            bytes = bytes[..(int)((long)bytes.Length * damage.KeepPerMille / 1000)];
            var before = Snapshot();
            try
            {
                await new LoadOperation(_store.Store).ExecuteAsync(new MemoryStream(bytes), CancellationToken.None);
                return null;
            }
            catch (ImageTasksException e)
            {
                if (e.Code == DiagnosticCodes.Internal)
                {
                    return $"internal error: {e.Message}";
                }

                if (GeneratedCases.MessageProblem(e.Message) is { } problem)
                {
                    return problem;
                }

                return before.SequenceEqual(Snapshot()) ? null : $"the store changed on a refused load ({e.Message})";
            }
        }, count: 300);
    }

    private static byte[][] BuildArchives()
    {
        var legacy = new TestArchive();
        legacy.Image("example.com/one:1", TestArchive.Layer("a.txt", "one"), TestArchive.Layer("b.txt", new string('b', 3000)));
        legacy.Image("example.com/two:1", TestArchive.Layer("c.txt", "two"));
        var layout = new TestArchive();
        layout.OciImage("example.com/oci:1", 0, TestArchive.Layer("d.txt", new string('d', 2000)));
        return [legacy.Manifest().ToBytes(), legacy.ToBytes(gzip: true), layout.ToBytes(), layout.ToBytes(gzip: true)];
    }

    private List<string> Snapshot() =>
        Directory.GetFiles(_store.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_store.Root, f))
            .Where(f => f.StartsWith("blobs", StringComparison.Ordinal) || f == "index.json")
            .Select(f => $"{f} {new FileInfo(Path.Combine(_store.Root, f)).Length}")
            .Order(StringComparer.Ordinal)
            .ToList();
}

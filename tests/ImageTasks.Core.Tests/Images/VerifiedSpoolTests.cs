using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Images;
using ImageTasks.Core.Manifests;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;

namespace ImageTasks.Core.Tests.Images;

/// <summary>What a mirror's blob goes through before anyone reads it: all of it checked, nothing of it left on disk.</summary>
public sealed class VerifiedSpoolTests : IDisposable
{
    private static readonly byte[] Content = System.Text.Encoding.UTF8.GetBytes(new string('x', 200_000) + "end");
    private readonly string _folder = Directory.CreateTempSubdirectory("imagetasks-spool-test-").FullName;

    [Fact]
    public async Task Bytes_that_match_the_descriptor_are_read_back_whole_and_leave_no_file()
    {
        var blob = new Descriptor { Digest = Digest.Compute(Content), Size = Content.Length };

        await using (var spool = await VerifiedSpool.ReadAsync(new MemoryStream(Content), blob, "blob", Path.Combine(_folder, "spool"), forStore: false, CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await spool.CopyToAsync(copy);
            Assert.Equal(Content, copy.ToArray());
            Assert.Empty(Directory.GetFiles(_folder)); // unlinked while open: a killed process leaves nothing either
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData(0, "blob from mirror m does not match its digest: got sha256:")]
    [InlineData(-1, "blob from mirror m has 200002 bytes, its descriptor says 200003")]
    [InlineData(1, "blob from mirror m is longer than the 200003 bytes its descriptor says")]
    public async Task Bytes_that_do_not_match_are_refused_and_leave_no_file(int lengthChange, string expected)
    {
        var blob = new Descriptor { Digest = Digest.Compute(Content), Size = Content.Length };
        var sent = lengthChange switch
        {
            0 => Content.Select((b, i) => i == 1000 ? (byte)'y' : b).ToArray(),
            < 0 => Content[..^1],
            _ => [.. Content, (byte)'!'],
        };

        var error = await Assert.ThrowsAsync<RegistryException>(() => VerifiedSpool.ReadAsync(new MemoryStream(sent), blob, "blob from mirror m", Path.Combine(_folder, "spool"), forStore: false, CancellationToken.None));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticCodes.ContentMismatch, error.Code);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_spool_for_the_store_keeps_its_name_while_open_and_is_deleted_when_closed_unadopted()
    {
        var blob = new Descriptor { Digest = Digest.Compute(Content), Size = Content.Length };

        await using (var spool = await VerifiedSpool.ReadAsync(new MemoryStream(Content), blob, "blob", Path.Combine(_folder, "spool"), forStore: true, CancellationToken.None))
        {
            Assert.Equal([Path.Combine(_folder, "spool")], Directory.GetFiles(_folder)); // for the store to take by rename
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

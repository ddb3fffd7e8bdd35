using System.Text;
using System.Text.Json;

namespace ImageTasks.MSBuild.Tests;

/// <summary>
/// MinVer's habit: for each shape of declaring base images, the lock <c>dotnet image lock</c> writes is byte for byte
/// the lock <c>dotnet build</c> writes, because both take the images from one MSBuild evaluation.
/// </summary>
public sealed class CliEqualsBuildLockTests : IClassFixture<LockShapesFixture>
{
    private readonly LockShapesFixture _fixture;

    public CliEqualsBuildLockTests(LockShapesFixture fixture) => _fixture = fixture;

    /// <summary>Shape -> the references its lock must pin (with the platforms each needs): proof the lock is not empty by accident.</summary>
    public static TheoryData<string, string[]> Cases => new()
    {
        { "in the project", ["oci/app:1 linux/amd64"] },
        { "in Directory.Build.props", ["multi/oci:1 linux/amd64 linux/arm64"] },
        { "under a Condition on Configuration", ["shared/one:1 linux/amd64"] },
        { "from a property", ["multi/oci:1 linux/amd64 linux/arm64"] },
        { "ContainerBaseImage explicit", ["multi/docker:1 linux/amd64 linux/arm/v7"] },
        { "inferred by the SDK, one RID", [$"{LockShapesFixture.SdkRuntimeRepository}:10.0 linux/arm64"] },
        { "inferred by the SDK, several RIDs", [$"{LockShapesFixture.SdkRuntimeRepository}:10.0 linux/amd64 linux/arm64"] },
        { "inferred by the SDK, multi-targeting", [$"{LockShapesFixture.SdkRuntimeRepository}:10.0 linux/amd64", $"{LockShapesFixture.SdkRuntimeRepository}:9.0 linux/amd64"] },
        { "several projects sharing one lock", ["library/small:1.0 linux/amd64", "oci/app:1 linux/amd64"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_lock_the_CLI_writes_is_the_lock_the_build_writes(string shape, string[] pins)
    {
        var (build, cli) = _fixture.Locks(shape);

        Assert.True(build.Length > 0, $"the build wrote no lock for {shape}: {_fixture.BuildOutput}");
        var images = JsonDocument.Parse(build).RootElement.GetProperty("images");
        var expected = pins.Select(p => $"{_fixture.Seed.Host}/{p}").ToList();
        var actual = images.EnumerateObject()
            .Select(e => string.Join(' ', new[] { e.Name }.Concat(e.Value.GetProperty("platforms").EnumerateObject().Select(p => p.Name))))
            .ToList();
        Assert.Equal(expected, actual);
        Assert.All(images.EnumerateObject(), e => Assert.Equal("2023-11-14T22:13:20+00:00", e.Value.GetProperty("resolved").GetString()));
        Assert.Equal(Encoding.UTF8.GetString(build), Encoding.UTF8.GetString(cli)); // a readable diff when they differ
        Assert.Equal(build, cli);
    }

    [Theory]
    [InlineData("net10.0", "10.0")]
    [InlineData("net9.0", "9.0")]
    public async Task Each_TargetFramework_of_a_multi_targeting_project_builds_on_its_own_pinned_image(string targetFramework, string tag)
    {
        var index = tag == "10.0" ? _fixture.Seed.MultiOci : _fixture.Seed.MultiDocker;

        var (exit, output) = await Dotnet.RunAsync(_fixture.Root, _fixture.Environment, "msbuild", "SdkMulti/SdkMulti.csproj", "-p:Configuration=Release",
            $"-p:TargetFramework={targetFramework}", "-t:ComputeContainerBaseImage", "-getProperty:ContainerBaseImage", "-nodeReuse:false", "-nologo");

        Assert.True(exit == 0, output);
        Assert.Equal($"{_fixture.Seed.Host}/{LockShapesFixture.SdkRuntimeRepository}:{tag}@{index.Digest}", output.Trim());
    }

    [Fact]
    public void The_CLI_writes_a_lock_several_projects_share_once_and_says_what_it_wrote()
    {
        var shared = _fixture.LockFileOf("several projects sharing one lock");

        Assert.Equal(1, _fixture.CliOutput.Split('\n').Count(line => line.Trim() == $"Wrote {shared}"));
        Assert.Equal(9, _fixture.CliOutput.Split('\n').Count(line => line.StartsWith("Wrote ", StringComparison.Ordinal)));
    }
}

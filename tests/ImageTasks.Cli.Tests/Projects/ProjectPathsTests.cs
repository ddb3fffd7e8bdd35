using ImageTasks.Cli.Projects;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Pinning;

namespace ImageTasks.Cli.Tests.Projects;

/// <summary>PROJECT | DIR | SOLUTION as dotnet build finds them; a folder that names nothing or too much is IMG1009, never an invalid reference.</summary>
public sealed class ProjectPathsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imagetasks-paths-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Touch(string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void A_folder_with_one_project_is_that_project_even_beside_a_solution()
    {
        var project = Touch("App.csproj");
        Touch("App.sln");

        Assert.Equal(project, ProjectPaths.Find(_folder));
        Assert.Equal(project, ProjectPaths.Find(project));
    }

    [Fact]
    public void A_folder_with_only_a_solution_is_the_solution()
    {
        var solution = Touch("All.slnx");

        Assert.Equal(solution, ProjectPaths.Find(_folder));
    }

    [Fact]
    public void Nothing_or_several_is_IMG1009_naming_the_candidates()
    {
        var none = Assert.Throws<PinningException>(() => ProjectPaths.Find(_folder));
        Assert.Equal(DiagnosticCodes.ProjectNotFound, none.Code);
        Assert.Equal($"no project file in {_folder}: name one", none.Message);

        Touch("B.fsproj");
        Touch("A.csproj");
        var several = Assert.Throws<PinningException>(() => ProjectPaths.Find(_folder));
        Assert.Equal(DiagnosticCodes.ProjectNotFound, several.Code);
        Assert.Equal($"{_folder} holds several project files: name one (A.csproj, B.fsproj)", several.Message);

        var missing = Assert.Throws<PinningException>(() => ProjectPaths.Find(Path.Combine(_folder, "gone")));
        Assert.Equal(DiagnosticCodes.ProjectNotFound, missing.Code);
    }
}

namespace ImageTasks.Core.Diagnostics;

/// <summary>
/// The package's own failures (IMG1040-IMG1049): where its tasks cannot run. ImageTasks.targets says them itself, since
/// there the task assembly cannot be loaded; a test holds the targets' text equal to these.
/// </summary>
public static class PackageErrors
{
    /// <summary>IMG1040: .NET Framework MSBuild (Visual Studio's MSBuild.exe) cannot load the net10.0 task assembly.</summary>
    public const string DotnetBuildRequired =
        "ImageTasks needs the .NET SDK's MSBuild: this build runs in .NET Framework MSBuild (MSBuildRuntimeType=Full, as Visual Studio's MSBuild.exe does), "
        + "which cannot load its net10.0 tasks. Build with 'dotnet build', or set ImageTasksEnabled=false to build without pinning base images.";
}

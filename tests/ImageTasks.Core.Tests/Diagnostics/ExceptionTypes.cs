using System.Reflection;

namespace ImageTasks.Core.Tests.Diagnostics;

/// <summary>Every concrete <see cref="ImageTasksException"/> type of an assembly, made through each of its public constructors.</summary>
internal static class ExceptionTypes
{
    public static IReadOnlyList<(ConstructorInfo Constructor, ImageTasksException Exception)> Coded(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => typeof(ImageTasksException).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetConstructors())
            .Select(c => (c, (ImageTasksException)c.Invoke(c.GetParameters().Select(Sample).ToArray())))
            .ToList();

    /// <summary>An argument of the parameter's type: the constructors only store or format what they get.</summary>
    private static object? Sample(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type switch
        {
            _ when type == typeof(string) => "input",
            _ when type == typeof(Core.Diagnostics.DiagnosticCode) => Core.Diagnostics.DiagnosticCodes.Internal,
            _ when type == typeof(HttpRequestException) => new HttpRequestException("cause"),
            _ when typeof(Exception).IsAssignableFrom(type) => new IOException("cause"),
            _ when type.IsValueType => Activator.CreateInstance(type),
            _ => null,
        };
    }
}

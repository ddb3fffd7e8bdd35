using ImageTasks.Core;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Cli.Rendering;

/// <summary>A --format template that does not parse, or that asks for what the data does not have. One line, as docker words it.</summary>
internal sealed class TemplateException : ImageTasksException
{
    public TemplateException(string message) : base(DiagnosticCodes.TemplateInvalid, message) { }
}

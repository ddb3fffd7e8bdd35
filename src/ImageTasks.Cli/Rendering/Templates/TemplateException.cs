using ImageTasks.Core;

namespace ImageTasks.Cli.Rendering.Templates;

/// <summary>A --format template that cannot be parsed or executed; the message is Go's, as docker prints it.</summary>
internal sealed class TemplateException : ImageTasksException
{
    public TemplateException(string message) : base("template parsing error: template: " + message) { }
}

namespace MspHub.Tool;

/// <summary>
/// Opens the files a command line names, refusing a folder or a missing file with a message that names the option, so
/// the operator is told which argument to fix rather than what the operating system said.
/// </summary>
internal static class ToolFiles
{
    public static string ReadText(string path, string what)
    {
        Check(path, what);
        return File.ReadAllText(path);
    }

    public static FileStream OpenRead(string path, string what)
    {
        Check(path, what);
        return File.OpenRead(path);
    }

    /// <summary>Refuses a folder where a file is to be written, before anything is done for it.</summary>
    public static void RefuseFolder(string path, string what)
    {
        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(path))
        {
            throw new IOException($"{what} '{path}' is a folder; give a file.");
        }
    }

    private static void Check(string path, string what)
    {
        RefuseFolder(path, what);

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what} '{path}' does not exist.", path);
        }
    }
}

namespace MspHub;

/// <summary>
/// Hears about every record <see cref="IAuditLog"/> writes, to alert on one (a quota exceeded, access refused)
/// without polling the log. Register any number with <c>services.AddSingleton&lt;IAuditHook, MyHook&gt;()</c>.
/// </summary>
/// <remarks>
/// A hook is called right after the record is written and before the caller's transaction commits, so it may hear of
/// a record that is then rolled back with its change. Keep hooks fast; an exception from one reaches the caller and,
/// inside a transaction, rolls the record and the change back.
/// </remarks>
public interface IAuditHook
{
    /// <summary>Hears of <paramref name="record"/>, as stored.</summary>
    void OnRecorded(AuditRecord record);
}

using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom;

/// <summary>The audit log, newest first: admins only.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AuditModel(NewsDb db) : NewsroomPageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public Shared.Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        PageTitle = "گزارش رویدادها";
        var current = Shared.Pager.Clamp(pageNumber);
        Pager = new Shared.Pager(current, await db.AuditLog.CountAsync(ct), 100, "/newsroom/audit");
        Entries = await db.AuditLog.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((current - 1) * 100).Take(100).ToListAsync(ct);
    }
}

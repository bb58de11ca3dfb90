import { Body, Controller, Get, Header, NotFoundException, Param, ParseUUIDPipe, Put, Req, UseGuards } from "@nestjs/common";
import { IsOptional, IsString, MaxLength } from "class-validator";
import { SessionGuard } from "../auth/session.guard";
import { ProfilesService } from "./profiles.service";

class UpdateProfileDto {
  @IsString()
  @MaxLength(80)
  displayName!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  bio?: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  website?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

@Controller("profiles")
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Put("me")
  @UseGuards(SessionGuard)
  async updateOwn(@Req() req: { userId: string }, @Body() dto: UpdateProfileDto) {
    await this.profiles.update(req.userId, {
      displayName: dto.displayName.trim(),
      bio: dto.bio?.trim() ?? "",
      website: dto.website?.trim() ?? "",
    });
    return { ok: true };
  }

  @Get(":id/card")
  @Header("Content-Type", "text/html; charset=utf-8")
  async card(@Param("id", new ParseUUIDPipe()) id: string): Promise<string> {
    const profile = await this.profiles.findById(id);
    if (!profile) throw new NotFoundException();

    const website = profile.website
      ? `<a class="website" rel="nofollow noopener" href="${escapeHtml(profile.website)}">${escapeHtml(profile.website)}</a>`
      : "";

    return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(profile.displayName)}</title></head>
  <body>
    <article class="profile-card">
      <h1>${escapeHtml(profile.displayName)}</h1>
      <p class="bio">${escapeHtml(profile.bio)}</p>
      ${website}
    </article>
  </body>
</html>`;
  }
}

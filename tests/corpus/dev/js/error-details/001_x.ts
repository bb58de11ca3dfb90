import { NextResponse } from 'next/server';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/prisma';
import { auth } from '@/lib/auth';
import { logger } from '@/lib/logger';

const CreateReservation = z.object({
  tableId: z.string().uuid(),
  partySize: z.number().int().min(1).max(12),
  startsAt: z.coerce.date(),
  notes: z.string().max(500).optional(),
});

export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user?.id) {
    return NextResponse.json({ error: 'unauthorized' }, { status: 401 });
  }

  const parsed = CreateReservation.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json({ error: 'invalid reservation', issues: parsed.error.flatten().fieldErrors }, { status: 400 });
  }

  try {
    const reservation = await prisma.$transaction(async (tx) => {
      const clash = await tx.reservation.findFirst({
        where: { tableId: parsed.data.tableId, startsAt: parsed.data.startsAt, cancelledAt: null },
        select: { id: true },
      });
      if (clash) return null;
      return tx.reservation.create({
        data: { ...parsed.data, guestId: session.user.id },
        select: { id: true, startsAt: true, partySize: true },
      });
    });

    if (!reservation) {
      return NextResponse.json({ error: 'that table is already booked' }, { status: 409 });
    }
    return NextResponse.json(reservation, { status: 201 });
  } catch (err) {
    const incidentId = randomUUID();
    logger.error({ err, incidentId, route: 'POST /api/reservations' }, 'reservation failed');
    return NextResponse.json(
      { error: 'Could not create the reservation. Please try again.', incidentId },
      { status: 500 },
    );
  }
}

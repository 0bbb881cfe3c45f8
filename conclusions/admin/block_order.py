"""Moving a block within its document: the blocks in its way make room, each saved as every writer saves."""

from conclusions.content import content_save
from conclusions.documents.importer import MOVED_ASIDE
from conclusions.models import Conclusion


def make_room(block: Conclusion, position: int, *, user) -> None:
    """Free `position` in the block's document for `block`.

    The block at `position` and those right after it, up to the first free
    position, move down one. Positions are unique: the block being moved is
    set aside first, and the others move last first, so that no two ever
    share one; each is saved with its history and search texts. A free
    position left behind is harmless: positions only order the blocks.
    """
    following = (
        Conclusion.objects.filter(meeting_id=block.meeting_id, position__gte=position)
        .exclude(pk=block.pk)
        .order_by("position")
    )
    in_the_way = []
    for other in following:
        if other.position != position + len(in_the_way):
            break  # a free position: the blocks after it stay
        in_the_way.append(other)
    if not in_the_way:
        return
    if block.pk is not None:
        Conclusion.objects.filter(pk=block.pk).update(position=MOVED_ASIDE)
    for other in in_the_way:
        other.position += 1
    content_save(reversed(in_the_way), user=user)

"""The Socket.IO rooms of a meeting: its screens, its desks and its phones."""


def screen_room(meeting_id: int) -> str:
    return f"screen:{meeting_id}"


def desk_room(meeting_id: int) -> str:
    return f"desk:{meeting_id}"


def deputies_room(meeting_id: int) -> str:
    return f"deputies:{meeting_id}"

"""Live state: snapshots, the pusher, the 满意 feed, phones counted, socket rooms, casting."""

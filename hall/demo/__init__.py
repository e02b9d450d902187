"""The demo meeting (示例数据): its data and how it is loaded."""

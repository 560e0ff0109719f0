"""The Qt layer: widgets over desktop.core. The only package that imports Qt."""

"""The workbench: a Django project that runs a whole 民主生活会 cycle in the browser, offline.

A shell over the plain-Python core (duizhao.cycle, parse, review, copycheck, render);
nothing in the core imports from here.
"""
